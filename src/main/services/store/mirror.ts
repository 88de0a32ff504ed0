/**
 * The seed's on-disk layout, shared by the live mirror and the "files" export:
 * <dir>/<session>/query/<ts>.json  = the full upstream request body
 * <dir>/<session>/answer/<ts>.json = { upstream: upstream response, downstream: client response }
 * A pair shares one timestamp. JSON bodies are embedded as JSON; SSE transcripts as strings.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';

export function fileStamp(receivedAt: number, seq: number): string {
  return `${new Date(receivedAt).toISOString().replace(/:/g, '-')}_${String(seq).padStart(4, '0')}`;
}

function asJson(body: string | null): unknown {
  if (body === null) return null;
  const t = body.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.parse(body);
    } catch {
      return body;
    }
  }
  return body;
}

export interface PairInput {
  sessionId: string;
  receivedAt: number;
  seq: number;
  upstreamRequest: string | null;
  clientRequest: string | null;
  upstreamResponse: string | null;
  clientResponse: string | null;
}

export function pairFiles(dir: string, p: PairInput): { queryPath: string; answerPath: string; query: string; answer: string } {
  const stamp = fileStamp(p.receivedAt, p.seq);
  const base = path.join(dir, p.sessionId);
  const queryBody = p.upstreamRequest ?? p.clientRequest ?? '';
  const parsed = asJson(queryBody);
  return {
    queryPath: path.join(base, 'query', `${stamp}.json`),
    answerPath: path.join(base, 'answer', `${stamp}.json`),
    query: typeof parsed === 'string' ? JSON.stringify(parsed) : queryBody,
    answer: JSON.stringify({ upstream: asJson(p.upstreamResponse), downstream: asJson(p.clientResponse) }, null, 2),
  };
}

export async function writePair(dir: string, p: PairInput): Promise<string> {
  const f = pairFiles(dir, p);
  await fsp.mkdir(path.dirname(f.queryPath), { recursive: true });
  await fsp.mkdir(path.dirname(f.answerPath), { recursive: true });
  await fsp.writeFile(f.queryPath, f.query);
  await fsp.writeFile(f.answerPath, f.answer);
  return f.queryPath;
}

/** Serialized background writes for the live mirror; failures are reported, never thrown. */
export class Mirror {
  private tail: Promise<void> = Promise.resolve();
  failures = 0;

  constructor(private readonly onError: (msg: string) => void) {}

  write(dir: string, p: PairInput): void {
    this.tail = this.tail
      .then(() => writePair(dir, p))
      .then(
        () => undefined,
        (e: unknown) => {
          this.failures++;
          if (this.failures === 1 || this.failures % 100 === 0)
            this.onError(`Trajectory mirror write failed (${this.failures}): ${(e as Error).message}`);
        },
      );
  }

  idle(): Promise<void> {
    return this.tail;
  }
}
