import type { LiveExchange } from '../../../shared/domain';
import type { RecordingSink } from '../../../shared/recording';

/** In-memory view of exchanges in flight (works with recording off). */
export interface LiveTrackerApi extends RecordingSink {
  list(): LiveExchange[];
  onUpdate(listener: (ex: LiveExchange) => void): () => void;
  onRemoved(listener: (exchangeId: string) => void): () => void;
}
