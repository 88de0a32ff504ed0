#!/usr/bin/env node
// better-sqlite3 for Electron's ABI, built beside the Node build so tests (Node) and the
// app (Electron) never swap binaries. Output: out/native/electron-<version>/better_sqlite3.node,
// which the Electron main passes to better-sqlite3 as `nativeBinding`.
// Needs the Electron headers download (electronjs.org), so it only runs where Electron can.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
let version;
try {
  version = require('electron/package.json').version;
} catch {
  process.stderr.write('native-electron: Electron is not installed; nothing to build.\n');
  process.exit(0);
}
const outDir = path.join(root, 'out', 'native', `electron-${version}`);
const target = path.join(outDir, 'better_sqlite3.node');
if (existsSync(target) && !process.argv.includes('--force')) process.exit(0);

const src = path.dirname(require.resolve('better-sqlite3/package.json'));
const work = path.join(root, '.cache', 'native-electron', `better-sqlite3-${version}`);
rmSync(work, { recursive: true, force: true });
mkdirSync(path.dirname(work), { recursive: true });
cpSync(src, work, { recursive: true, filter: (p) => !p.includes(`${path.sep}build${path.sep}`) });
process.stdout.write(`native-electron: building better-sqlite3 for Electron ${version}…\n`);
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const r = spawnSync(
  npx,
  ['--yes', 'node-gyp', 'rebuild', '--release', `--target=${version}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'],
  {
    cwd: work,
    stdio: 'inherit',
  },
);
if (r.status !== 0) {
  process.stderr.write('native-electron: build failed; the app will run with recording degraded. See the output above.\n');
  process.exit(1);
}
mkdirSync(outDir, { recursive: true });
cpSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), target);
process.stdout.write(`native-electron: wrote ${path.relative(root, target)}\n`);
