#!/usr/bin/env node
// Builds everything `npm start`, `npx switchyard` and the tests need:
//   out/main, out/preload, out/renderer  ← electron-vite (renderer is also the web UI)
//   out/cli/index.js                      ← esbuild bundle of the CLI / headless host
// Usage: node scripts/build.mjs [--cli-only]
import { build as esbuild } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const cliOnly = process.argv.includes('--cli-only');
const t0 = Date.now();

if (!cliOnly) {
  process.env.ELECTRON_MAJOR_VER ||= '40';
  const { build } = await import('electron-vite');
  await build({ root, configFile: path.join(root, 'electron.vite.config.ts'), logLevel: 'warn' });
}

// Pure-JS dependencies are bundled too: resolving hundreds of files from node_modules was
// most of the headless start-up time. Native and optional packages stay external.
// Old chunks would pile up (names carry content hashes).
rmSync(path.join(root, 'out/cli'), { recursive: true, force: true });
await esbuild({
  entryPoints: {
    index: path.join(root, 'src/cli/index.ts'),
    // The trajectory store's write worker (a worker_thread script; see worker-backend.ts).
    'store-writer': path.join(root, 'src/main/services/store/worker/write-worker.ts'),
  },
  outdir: path.join(root, 'out/cli'),
  // Subcommands import their implementation lazily; splitting keeps `--help` from loading the server.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3', 'electron', 'koffi'],
  sourcemap: true,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __sy_createRequire } from 'node:module'; const require = __sy_createRequire(import.meta.url);" },
});

process.stdout.write(
  `switchyard ${pkg.version}: built ${cliOnly ? 'CLI' : 'app, web UI and CLI'} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
);
