/**
 * Incremental Server-Sent Events parser (WHATWG rules): feed it chunks as they arrive,
 * get complete events out. Handles CRLF/LF/CR line ends, events split across chunks and
 * multi-byte UTF-8 split across chunks (a streaming TextDecoder keeps partial sequences).
 */

export interface SSEEvent {
  /** `event:` field; undefined means the default "message". */
  event?: string;
  /** `data:` lines joined with "\n". */
  data: string;
  id?: string;
}

export class SSEParser {
  private decoder = new TextDecoder('utf-8');
  private buf = '';
  private eventName: string | undefined;
  private dataLines: string[] = [];
  private id: string | undefined;
  private sawCR = false;

  /** Feed a chunk; returns the events it completed. */
  push(chunk: Uint8Array | string): SSEEvent[] {
    let text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    // A CR ending the previous chunk and an LF starting this one are one line break.
    if (this.sawCR && text.startsWith('\n')) text = text.slice(1);
    this.sawCR = text.endsWith('\r');
    this.buf += text;
    const out: SSEEvent[] = [];
    let start = 0;
    for (let i = 0; i < this.buf.length; i++) {
      const c = this.buf.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      const line = this.buf.slice(start, i);
      if (c === 13 && this.buf.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
      this.line(line, out);
    }
    this.buf = this.buf.slice(start);
    return out;
  }

  /** Flush at end of stream: a final event without its blank line is still delivered. */
  end(): SSEEvent[] {
    const out: SSEEvent[] = [];
    const rest = this.buf + this.decoder.decode();
    this.buf = '';
    if (rest.length > 0) this.line(rest, out);
    this.dispatch(out);
    return out;
  }

  private line(line: string, out: SSEEvent[]): void {
    if (line === '') {
      this.dispatch(out);
      return;
    }
    if (line.charCodeAt(0) === 58 /* : */) return; // comment
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventName = value;
        break;
      case 'data':
        this.dataLines.push(value);
        break;
      case 'id':
        this.id = value;
        break;
      default:
        break; // retry and unknown fields are ignored
    }
  }

  private dispatch(out: SSEEvent[]): void {
    if (this.dataLines.length === 0 && this.eventName === undefined) return;
    const ev: SSEEvent = { data: this.dataLines.join('\n') };
    if (this.eventName !== undefined) ev.event = this.eventName;
    if (this.id !== undefined) ev.id = this.id;
    out.push(ev);
    this.eventName = undefined;
    this.dataLines = [];
  }
}

/** Serialize one SSE event. `data` is written as-is (JSON has no raw newlines). */
export function formatSSE(event: string | undefined, data: string): string {
  return event === undefined ? `data: ${data}\n\n` : `event: ${event}\ndata: ${data}\n\n`;
}
