import fsp from 'node:fs/promises';
import type { AppPaths } from '../config/paths';

/** The app token from <data-dir>/app-token without creating it (doctor reports a missing one). */
export async function readAppToken(paths: Pick<AppPaths, 'tokenPath'>): Promise<string | null> {
  try {
    const t = (await fsp.readFile(paths.tokenPath, 'utf8')).trim();
    return t || null;
  } catch {
    return null;
  }
}
