import { SwitchyardError } from '../../../shared/errors';

/** For channels whose service has not landed: an honest error the UI shows as an empty state. */
export function notAvailable(what: string): never {
  throw new SwitchyardError('not_available', `${what} is not available in this build yet.`);
}
