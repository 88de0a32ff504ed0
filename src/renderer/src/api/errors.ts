import { SwitchyardError, type SwitchyardErrorJSON } from '../../../shared/errors';

/** What the UI shows for a failure: the message and, when there is one, the next step. */
export interface UiError {
  code: string;
  message: string;
  hint?: string;
}

export function toUiError(e: unknown): UiError {
  if (e instanceof SwitchyardError) return { code: e.code, message: e.message, hint: e.hint };
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
    const j = e as Partial<SwitchyardErrorJSON>;
    return { code: String(j.code), message: String(j.message), hint: j.hint };
  }
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

export function isNotAvailable(e: UiError | null | undefined): boolean {
  return e?.code === 'not_available';
}
