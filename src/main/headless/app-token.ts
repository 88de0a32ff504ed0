import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import { writeFileAtomic } from '../services/fs/atomic';

/**
 * The app token clients and the UI present. Created on first run with mode 0600; an
 * existing file with looser permissions is tightened.
 */
export async function loadOrCreateAppToken(tokenPath: string): Promise<string> {
  try {
    const token = (await fsp.readFile(tokenPath, 'utf8')).trim();
    if (token.length >= 16) {
      const mode = (await fsp.stat(tokenPath)).mode & 0o777;
      if (mode & 0o077) await fsp.chmod(tokenPath, 0o600);
      return token;
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const token = `sy_${crypto.randomBytes(24).toString('base64url')}`;
  await writeFileAtomic(tokenPath, `${token}\n`, { mode: 0o600 });
  return token;
}
