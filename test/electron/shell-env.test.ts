import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { environmentWithLoginShell, parseEnvOutput } from '../../src/main/electron/shell-env';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sy-shellenv-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function fakeShell(body: string): string {
  const file = path.join(dir, `sh-${Math.random().toString(36).slice(2)}`);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

describe('login shell environment', () => {
  it('parses env output between markers, with multi-line values and profile noise', () => {
    const out = 'Welcome!\n__SWITCHYARD_ENV__\nA=1\nMULTI=line1\nline2\nB=x=y\n__SWITCHYARD_ENV__\nbye\n';
    expect(parseEnvOutput(out)).toEqual({ A: '1', MULTI: 'line1\nline2', B: 'x=y' });
    expect(parseEnvOutput('no markers')).toEqual({});
  });

  it('fills only variables the process lacks', async () => {
    const shell = fakeShell(`printf 'motd\\n__SWITCHYARD_ENV__\\nDEEPSEEK_API_KEY=from-profile\\nHOME=/elsewhere\\n__SWITCHYARD_ENV__\\n'`);
    const env = await environmentWithLoginShell({ SHELL: shell, HOME: '/home/me' }, 'linux');
    expect(env).toMatchObject({ DEEPSEEK_API_KEY: 'from-profile', HOME: '/home/me' });
  });

  it('a failing or silent shell leaves the environment as it was', async () => {
    const shell = fakeShell('exit 3');
    expect(await environmentWithLoginShell({ SHELL: shell, A: '1' }, 'linux')).toEqual({ SHELL: shell, A: '1' });
    expect(await environmentWithLoginShell({ A: '1' }, 'linux')).toEqual({ A: '1' });
    expect(await environmentWithLoginShell({ SHELL: shell, A: '1' }, 'win32')).toEqual({ SHELL: shell, A: '1' });
  });
});
