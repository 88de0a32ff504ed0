import type { ReactNode } from 'react';
import { useApp } from '../store';
import { ROUTES, type RouteName } from '../router';

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {description && <p className="page-desc">{description}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </header>
  );
}

export function Sidebar({ current }: { current: RouteName }) {
  const status = useApp((s) => s.status.data);
  const down = useApp((s) => s.connection === 'down');
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ⇄
        </span>
        <span className="brand-name">Switchyard</span>
      </div>
      <ul className="nav-list">
        {ROUTES.filter((r) => r.nav).map((r) => (
          <li key={r.name}>
            <a href={`#/${r.path}`} className="nav-link" aria-current={current === r.name ? 'page' : undefined}>
              <span className="nav-icon" aria-hidden="true">
                {r.icon}
              </span>
              {r.label}
              {r.name === 'live' && status && status.inFlight > 0 && (
                <span className="badge" aria-label={`${status.inFlight} in flight`}>
                  {status.inFlight}
                </span>
              )}
            </a>
          </li>
        ))}
      </ul>
      {status && (
        <div className="sidebar-foot">
          <span className={`dot ${down ? 'dot-error' : status.configErrors.length ? 'dot-warn' : 'dot-ok'}`} aria-hidden="true" />
          <span>{down ? 'Disconnected' : `${status.host === 'headless' ? 'Headless' : 'Desktop'} · :${status.proxyPort}`}</span>
        </div>
      )}
    </nav>
  );
}

export function ConnectionBanner() {
  const connection = useApp((s) => s.connection);
  if (connection !== 'down') return null;
  return (
    <div className="banner banner-warn" role="status">
      Disconnected from Switchyard — reconnecting… Live updates resume when it is back.
    </div>
  );
}
