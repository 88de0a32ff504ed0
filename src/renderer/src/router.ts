import { useEffect, useState } from 'react';

export type RouteName = 'status' | 'providers' | 'slots' | 'live' | 'sessions' | 'session' | 'usage' | 'clients' | 'settings' | 'welcome';

export interface RouteDef {
  name: RouteName;
  path: string;
  label: string;
  icon: string;
  nav: boolean;
}

export const ROUTES: RouteDef[] = [
  { name: 'status', path: '', label: 'Status', icon: '◉', nav: true },
  { name: 'providers', path: 'providers', label: 'Providers', icon: '☁', nav: true },
  { name: 'slots', path: 'slots', label: 'Model slots', icon: '⇆', nav: true },
  { name: 'live', path: 'live', label: 'Live', icon: '≋', nav: true },
  { name: 'sessions', path: 'sessions', label: 'Sessions', icon: '☰', nav: true },
  { name: 'usage', path: 'usage', label: 'Usage', icon: '▥', nav: true },
  { name: 'clients', path: 'clients', label: 'Clients', icon: '⌘', nav: true },
  { name: 'settings', path: 'settings', label: 'Settings', icon: '⚙', nav: true },
  { name: 'welcome', path: 'welcome', label: 'Get started', icon: '★', nav: false },
];

export interface Route {
  name: RouteName;
  param?: string;
}

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'sessions' && parts[1]) return { name: 'session', param: parts[1] };
  const def = ROUTES.find((r) => r.path === (parts[0] ?? ''));
  return { name: def?.name ?? 'status' };
}

export function navigate(path: string): void {
  window.location.hash = `#/${path}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
