/**
 * What the rest of the app needs from the trajectory store. The store implements
 * RecordingSink (the proxy emits into it) plus the reading API behind the IPC channels.
 */
import type {
  ExchangeDetail,
  ExportFormat,
  ExportResult,
  RecordingStatus,
  SearchHit,
  SessionDetail,
  SessionFilter,
  SessionSummary,
  UsageQuery,
  UsageRow,
} from '../../../shared/domain';
import type { RecordingSink } from '../../../shared/recording';

export interface TrajectoryStoreApi extends RecordingSink {
  status(): RecordingStatus;
  setPaused(paused: boolean): void;
  listSessions(filter: SessionFilter): { sessions: SessionSummary[]; total: number };
  getSession(id: string): SessionDetail;
  search(text: string, limit?: number): SearchHit[];
  getExchange(id: string): ExchangeDetail;
  usage(query: UsageQuery): UsageRow[];
  exportSession(id: string, format: ExportFormat, outDir?: string): Promise<ExportResult>;
  deleteSession(id: string): Promise<void>;
  requestsToday(): number;
  /** Optional: write a consistent copy of the database to `destPath` (better-sqlite3 .backup()). */
  backup?(destPath: string): Promise<void>;
  /** Optional: subscribe to "this session changed" (new/finished exchanges, deletion). */
  onSessionChanged?(listener: (sessionId: string) => void): () => void;
  /** Optional: let SQLite free the page cache of this thread's connection (the host calls it when idle). */
  shrinkMemory?(): void;
  /** Write everything queued (shutdown, tests). */
  flush(): Promise<void>;
  close(): Promise<void>;
}
