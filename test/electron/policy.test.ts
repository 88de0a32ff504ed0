import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  appUrlToRelativePath,
  contentSecurityPolicy,
  isAllowedNavigation,
  isSafeExternalUrl,
} from '../../src/main/electron/policy';

describe('Electron window policy', () => {
  it('the production CSP allows no remote origin, inline script, objects or framing', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/https?:|unsafe-eval/);
    const dev = contentSecurityPolicy({ devServerUrl: 'http://localhost:5173/' });
    expect(dev).toContain("connect-src 'self' ws://localhost:5173");
  });

  it('navigation stays on the app origin', () => {
    const origins = [APP_ORIGIN, 'http://localhost:5173'];
    expect(isAllowedNavigation('app://switchyard/index.html#/clients', origins)).toBe(true);
    expect(isAllowedNavigation('http://localhost:5173/#/live', origins)).toBe(true);
    expect(isAllowedNavigation('https://evil.example/', origins)).toBe(false);
    expect(isAllowedNavigation('app://other/index.html', origins)).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd', origins)).toBe(false);
    expect(isAllowedNavigation('not a url', origins)).toBe(false);
  });

  it('only http(s) and mailto links open externally', () => {
    expect(isSafeExternalUrl('https://docs.anthropic.com/')).toBe(true);
    expect(isSafeExternalUrl('mailto:a@b.c')).toBe(true);
    for (const u of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'app://switchyard/', 'x'])
      expect(isSafeExternalUrl(u)).toBe(false);
  });

  it('app:// paths map inside the renderer dir only', () => {
    expect(appUrlToRelativePath('app://switchyard/')).toBe('index.html');
    expect(appUrlToRelativePath('app://switchyard/assets/index-abc.js?x=1')).toBe('assets/index-abc.js');
    // URL parsing already clamps dot segments at the root: the result stays inside.
    expect(appUrlToRelativePath('app://switchyard/%2e%2e/%2e%2e/etc/passwd')).toBe('etc/passwd');
    expect(appUrlToRelativePath('app://switchyard/assets/..%5C..%5Csecret')).toBeNull();
    expect(appUrlToRelativePath('app://elsewhere/index.html')).toBeNull();
  });
});
