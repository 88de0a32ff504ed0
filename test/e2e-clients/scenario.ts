/**
 * The conversation every tool-turn test plays: the user asks about marker.txt in the temp
 * work dir; the mock answers the first turn with a harmless tool call that reads it (Claude
 * Code's Read, Codex's exec_command `cat`), and the second — the one carrying the tool
 * result — with text quoting the result. The marker is random, so seeing it in the final
 * answer proves the client really ran the tool and the result travelled back through the lane.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { RESULT_PREFIX, type ScriptContext, type ToolPlan } from './scripted-upstream';

export interface Marker {
  path: string;
  content: string;
}

export function writeMarker(workDir: string): Marker {
  const content = `MARKER-${randomBytes(6).toString('hex')}`;
  const file = path.join(workDir, 'marker.txt');
  writeFileSync(file, `${content}\n`);
  return { path: file, content };
}

/** Picks the read-the-marker tool among the tools the client offered (null: plain text turn). */
export function markerToolPlan(marker: Marker): (ctx: ScriptContext) => ToolPlan | null {
  return ({ toolNames }) => {
    if (toolNames.includes('Read')) return { name: 'Read', input: { file_path: marker.path } };
    if (toolNames.includes('exec_command')) return { name: 'exec_command', input: { cmd: 'cat marker.txt' } };
    if (toolNames.includes('shell')) return { name: 'shell', input: { command: ['cat', 'marker.txt'] } };
    return null;
  };
}

/** The final answer the mock gives once it has seen the marker come back as a tool result. */
export function expectedFinal(marker: Marker): RegExp {
  return new RegExp(`${RESULT_PREFIX}[^\\n]*${marker.content}`);
}
