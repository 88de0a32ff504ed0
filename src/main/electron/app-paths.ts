/** Where the built bundles, icons and the Electron-ABI SQLite addon live, dev or packaged. */
import fs from 'node:fs';
import path from 'node:path';
import { app } from 'electron';

function firstExisting(candidates: string[]): string | undefined {
  return candidates.find((p) => fs.existsSync(p));
}

/** The package root in dev, the app.asar in a packaged app. */
export function appRoot(): string {
  return app.getAppPath();
}

export function rendererDir(): string {
  return path.join(appRoot(), 'out', 'renderer');
}

/** The sandboxed preload must be CommonJS: electron-vite writes out/preload/index.cjs. */
export function preloadPath(): string {
  const dir = path.join(appRoot(), 'out', 'preload');
  return firstExisting(['index.cjs', 'index.js'].map((f) => path.join(dir, f))) ?? path.join(dir, 'index.cjs');
}

/** An icon from resources/: extraResources in a packaged app, the repo folder in dev. */
export function resourcePath(name: string): string {
  const candidates = [path.join(appRoot(), 'resources', name)];
  if (app.isPackaged) candidates.unshift(path.join(process.resourcesPath, 'resources', name));
  return firstExisting(candidates) ?? candidates[candidates.length - 1]!;
}

/**
 * better-sqlite3 built for Electron's ABI by `npm run native:electron`. Packaged apps get an
 * addon rebuilt by electron-builder instead, so undefined there is fine.
 */
export function nativeBindingPath(): string | undefined {
  const root = appRoot().replace(/app\.asar$/, 'app.asar.unpacked');
  return firstExisting([
    path.join(root, 'out', 'native', `electron-${process.versions.electron}`, 'better_sqlite3.node'),
    path.join(root, 'out', 'native', 'electron', 'better_sqlite3.node'),
  ]);
}
