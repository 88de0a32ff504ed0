#!/usr/bin/env node
// `npm run dist`: build, then package with electron-builder (AppImage + deb, dmg, nsis).
// electron-builder downloads Electron and rebuilds native modules (better-sqlite3) for it,
// so this needs network access to the Electron release mirrors.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const step = (args) => {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
step(['scripts/build.mjs']);
step([path.join(root, 'node_modules', 'electron-builder', 'cli.js'), '--publish', 'never', ...process.argv.slice(2)]);
