#!/usr/bin/env node
// `npm start`: the desktop app through electron-vite. Where Electron cannot start (its
// binary was not downloaded, or there is no display) say why in one line and run the
// headless host instead, which prints the web UI's URL.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const args = process.argv.slice(2);

function electronProblem() {
  let dir;
  try {
    dir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return 'Electron is not installed (its binary download failed or was skipped during npm install)';
  }
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile) || !existsSync(path.join(dir, 'dist', readFileSync(pathFile, 'utf8')))) {
    return 'the Electron binary is missing (its download failed during npm install)';
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'no display is available ($DISPLAY and $WAYLAND_DISPLAY are unset)';
  }
  return null;
}

async function runHeadless(reason) {
  process.stderr.write(`Switchyard: ${reason}; starting the headless host instead — open the URL below in a browser.\n`);
  const cli = path.join(root, 'out', 'cli', 'index.js');
  if (!existsSync(cli)) {
    const b = spawn(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
    const code = await new Promise((r) => b.on('exit', r));
    if (code !== 0) process.exit(code ?? 1);
  }
  const { main } = await import(pathToFileURL(cli).href);
  await main([process.execPath, 'switchyard', 'serve', ...args]);
}

const problem = electronProblem();
if (problem) {
  await runHeadless(problem);
} else {
  // Electron needs better-sqlite3 built for its own ABI; build it once, beside the Node one.
  const native = spawn(process.execPath, [path.join(root, 'scripts', 'native-electron.mjs')], { stdio: 'inherit' });
  await new Promise((r) => native.on('exit', r));
  const bin = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const started = Date.now();
  const child = spawn(process.execPath, [bin, 'dev', '--', ...args], { stdio: 'inherit', cwd: root });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', async (code, signal) => {
    // An Electron that dies at once (missing libraries, sandbox trouble) falls back too.
    if (code && Date.now() - started < 15_000) {
      await runHeadless(`Electron exited with code ${code} while starting`);
      return;
    }
    process.exit(code ?? (signal ? 1 : 0));
  });
}
