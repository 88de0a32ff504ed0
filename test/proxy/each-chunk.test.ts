import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { eachChunk } from '../../src/proxy/upstream/each-chunk';

/** A body fed by hand, like undici's: push() from outside any _read call. */
function manualBody(): Readable {
  return new Readable({ read() {} });
}

describe('eachChunk', () => {
  it('hands each chunk over synchronously from push() once reading has started', async () => {
    const body = manualBody();
    const seen: string[] = [];
    const done = eachChunk(body, (c) => {
      seen.push(c.toString());
      return undefined;
    });
    await new Promise((r) => setImmediate(r)); // the body starts flowing
    body.push(Buffer.from('a'));
    expect(seen).toEqual(['a']); // no tick in between
    body.push(Buffer.from('b'));
    expect(seen).toEqual(['a', 'b']);
    body.push(null);
    await done;
    expect(seen).toEqual(['a', 'b']);
  });

  it('gives chunks pushed before it started in order, then resolves at the end', async () => {
    const body = Readable.from([Buffer.from('1'), Buffer.from('2'), Buffer.from('3')], { objectMode: false });
    const seen: string[] = [];
    await eachChunk(body, (c) => void seen.push(c.toString()));
    expect(seen.join('')).toBe('123');
  });

  it('pauses the body while the promise of a call is pending (client backpressure)', async () => {
    const body = manualBody();
    const seen: string[] = [];
    let release!: () => void;
    const done = eachChunk(body, (c) => {
      seen.push(c.toString());
      return c.toString() === 'slow' ? new Promise<void>((r) => (release = r)) : undefined;
    });
    await new Promise((r) => setImmediate(r));
    body.push(Buffer.from('slow'));
    body.push(Buffer.from('next'));
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual(['slow']);
    expect(body.isPaused()).toBe(true);
    release();
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual(['slow', 'next']);
    body.push(null);
    await done;
  });

  it("rejects with the body's error", async () => {
    const body = manualBody();
    const done = eachChunk(body, () => undefined);
    body.push(Buffer.from('x'));
    body.destroy(Object.assign(new Error('socket hang up'), { code: 'UND_ERR_SOCKET' }));
    await expect(done).rejects.toMatchObject({ message: 'socket hang up', code: 'UND_ERR_SOCKET' });
  });

  it('rejects when the body closes before its end', async () => {
    const body = manualBody();
    const done = eachChunk(body, () => undefined);
    body.push(Buffer.from('x'));
    await new Promise((r) => setImmediate(r));
    body.destroy();
    await expect(done).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
  });

  it('rejects with what the callback throws, stops calling it and destroys the body', async () => {
    const body = manualBody();
    const seen: string[] = [];
    const done = eachChunk(body, (c) => {
      seen.push(c.toString());
      if (c.toString() === 'bad') throw new Error('cannot translate');
      return undefined;
    });
    await new Promise((r) => setImmediate(r));
    body.push(Buffer.from('ok'));
    body.push(Buffer.from('bad'));
    body.push(Buffer.from('after'));
    await expect(done).rejects.toThrow('cannot translate');
    expect(seen).toEqual(['ok', 'bad']);
    expect(body.destroyed).toBe(true);
  });

  it("survives a body that errors when destroyed (undici's does: RequestAbortedError)", async () => {
    const body = new Readable({
      read() {},
      destroy(err, cb) {
        cb(err ?? Object.assign(new Error('Request aborted'), { code: 'UND_ERR_ABORTED' }));
      },
    });
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown): number => uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      const done = eachChunk(body, () => {
        throw new Error('cannot translate');
      });
      await new Promise((r) => setImmediate(r));
      body.push(Buffer.from('x'));
      await expect(done).rejects.toThrow('cannot translate');
      await new Promise((r) => setTimeout(r, 20));
      expect(body.destroyed).toBe(true);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });

  it('rejects with the rejection of a pending write and destroys the body', async () => {
    const body = manualBody();
    const done = eachChunk(body, () => Promise.reject(new Error('client gone')));
    await new Promise((r) => setImmediate(r));
    body.push(Buffer.from('x'));
    await expect(done).rejects.toThrow('client gone');
    expect(body.destroyed).toBe(true);
  });
});
