/**
 * Tool names longer than a lane accepts (OpenAI: 64 chars, ^[a-zA-Z0-9_-]+$) are replaced by
 * a stable, readable hash on the way up and mapped back on the way down. One map per exchange;
 * the hash is deterministic so a later turn of the same session maps the same way.
 */
import { createHash } from 'node:crypto';
import type { ToolNameMap } from '../codec';

const VALID = /^[a-zA-Z0-9_-]+$/;

function shorten(name: string, maxLength: number): string {
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  const keep = Math.max(0, maxLength - hash.length - 1);
  const head = name.slice(0, keep).replace(/[^a-zA-Z0-9_-]/g, '_');
  return `${head}_${hash}`;
}

export function createToolNameMap(maxLength = 64): ToolNameMap {
  const up = new Map<string, string>();
  const down = new Map<string, string>();
  return {
    toUpstream(name: string): string {
      if (name.length <= maxLength && VALID.test(name)) return name;
      let mapped = up.get(name);
      if (mapped === undefined) {
        mapped = shorten(name, maxLength);
        up.set(name, mapped);
        down.set(mapped, name);
      }
      return mapped;
    },
    toClient(name: string): string {
      return down.get(name) ?? name;
    },
  };
}

/** Identity map, for lanes and tests that need none. */
export const identityToolNames: ToolNameMap = { toUpstream: (n) => n, toClient: (n) => n };
