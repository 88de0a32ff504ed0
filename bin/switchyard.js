#!/usr/bin/env node
// The `switchyard` command. Runs the bundled CLI from out/cli (built by `npm run build`,
// which `npm install` runs through the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'out', 'cli', 'index.js');
if (!existsSync(entry)) {
  process.stderr.write('switchyard: the CLI is not built yet. Run `npm run build` (npm install does it for you).\n');
  process.exit(1);
}
const { main } = await import(pathToFileURL(entry).href);
await main(process.argv);
