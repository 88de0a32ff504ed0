/** Stop reason tables: IR (Anthropic-shaped) ↔ chat `finish_reason` ↔ Responses status. */
import type { IRStopReason } from '../../../shared/ir';

const ANTHROPIC_STOP: Record<string, IRStopReason> = {
  end_turn: 'end_turn',
  max_tokens: 'max_tokens',
  tool_use: 'tool_use',
  stop_sequence: 'stop_sequence',
  refusal: 'refusal',
  pause_turn: 'pause_turn',
  model_context_window_exceeded: 'max_tokens',
};

export function anthropicToIRStop(reason: unknown): IRStopReason {
  return (typeof reason === 'string' && ANTHROPIC_STOP[reason]) || 'end_turn';
}

/** `error` has no Anthropic equivalent; the stream's error event says what happened. */
export function irToAnthropicStop(reason: IRStopReason): string {
  return reason === 'error' ? 'end_turn' : reason;
}

const CHAT_FINISH: Record<string, IRStopReason> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  function_call: 'tool_use',
  content_filter: 'refusal',
  // Non-standard values seen on compatible providers.
  eos: 'end_turn',
  end_turn: 'end_turn',
  max_tokens: 'max_tokens',
  tool_use: 'tool_use',
  insufficient_system_resource: 'error',
};

/** `stopSequence` is set when the chat provider reports which stop string matched (vLLM stop_reason). */
export function chatToIRStop(reason: unknown): IRStopReason {
  return (typeof reason === 'string' && CHAT_FINISH[reason]) || 'end_turn';
}

export function irToChatFinish(reason: IRStopReason): string {
  switch (reason) {
    case 'max_tokens':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      // end_turn, stop_sequence, pause_turn (the client simply sends the next turn), error.
      return 'stop';
  }
}
