#!/usr/bin/env node
// `npm test`: the whole suite, in order:
//   1. build (the headless host serves out/renderer; e2e specs run the built CLI)
//   2. real clients for end-to-end tests (Claude Code, Codex) into .cache/clients, on demand
//   3. vitest: node project (proxy, services, CLI, real-client e2e) + jsdom project (renderer)
//   4. Playwright: web project (headless host in Chromium) + electron project (skips without the binary)
// Ends with one line "N passed, N failed, N skipped" summed over vitest and Playwright.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(root, 'test-results');
mkdirSync(resultsDir, { recursive: true });

function run(name, cmd, args, env = {}) {
  process.stdout.write(`\n── ${name} ──\n`);
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code, signal) => {
      process.stdout.write(
        `── ${name}: ${code === 0 ? 'ok' : `failed (${signal ?? code})`} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
      );
      resolve(code ?? 1);
    });
  });
}

const node = process.execPath;
const bin = (p) => path.join(root, 'node_modules', p);
let failedSteps = 0;

if ((await run('build', node, ['scripts/build.mjs'])) !== 0) process.exit(1);
if ((await run('real clients', node, ['scripts/ensure-clients.mjs'])) !== 0) {
  process.stdout.write('Real Claude Code / Codex could not be installed; their end-to-end tests will skip and say why.\n');
}

const vitestJson = path.join(resultsDir, 'vitest.json');
failedSteps +=
  (await run('vitest', node, [
    bin('vitest/vitest.mjs'),
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${vitestJson}`,
  ])) === 0
    ? 0
    : 1;

const pwJson = path.join(resultsDir, 'playwright.json');
failedSteps +=
  (await run('playwright', node, [bin('@playwright/test/cli.js'), 'test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson })) === 0 ? 0 : 1;

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(vitestJson)) {
  const v = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += v.numPassedTests ?? 0;
  failed += v.numFailedTests ?? 0;
  skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
}
if (existsSync(pwJson)) {
  const s = JSON.parse(readFileSync(pwJson, 'utf8')).stats ?? {};
  passed += (s.expected ?? 0) + (s.flaky ?? 0);
  failed += s.unexpected ?? 0;
  skipped += s.skipped ?? 0;
}
if (failedSteps > 0 && failed === 0) failed = failedSteps;
process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(failedSteps > 0 ? 1 : 0);
