import { lazy, Suspense, useEffect, useRef } from 'react';
import { Spinner } from './components/async-view';
import { ConnectionBanner, Sidebar } from './components/layout';
import { ClientsPage } from './pages/clients-page';
import { LivePage } from './pages/live-page';
import { OnboardingPage } from './pages/onboarding-page';
import { ProvidersPage } from './pages/providers-page';
import { SessionView } from './pages/session-view';
import { SessionsPage } from './pages/sessions-page';
import { SettingsPage } from './pages/settings-page';
import { SlotsPage } from './pages/slots-page';
import { StatusPage } from './pages/status-page';
import { navigate, useRoute, type Route } from './router';
import { useOnboarding, useProviders, useStores } from './store';

// recharts is most of the bundle: load it when Usage is opened.
const UsagePage = lazy(() => import('./pages/usage-page').then((m) => ({ default: m.UsagePage })));

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case 'providers':
      return <ProvidersPage />;
    case 'slots':
      return <SlotsPage />;
    case 'live':
      return <LivePage />;
    case 'sessions':
      return <SessionsPage />;
    case 'session':
      return <SessionView id={route.param ?? ''} />;
    case 'usage':
      return (
        <Suspense fallback={<Spinner />}>
          <UsagePage />
        </Suspense>
      );
    case 'clients':
      return <ClientsPage />;
    case 'settings':
      return <SettingsPage />;
    case 'welcome':
      return <OnboardingPage />;
    default:
      return <StatusPage />;
  }
}

export function App() {
  const stores = useStores();
  const route = useRoute();
  const providerCount = useProviders((s) => s.list.data?.length);
  const dismissed = useOnboarding((s) => s.dismissed);
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => {
    void stores.app.getState().load();
    void stores.providers.getState().load();
    void stores.live.getState().load();
  }, [stores]);

  // First run: nothing configured yet → the guided setup, once.
  useEffect(() => {
    if (providerCount === 0 && !dismissed && route.name === 'status') navigate('welcome');
  }, [providerCount, dismissed, route.name]);

  // Move focus to the new page so keyboard and screen-reader users land on its content.
  useEffect(() => {
    mainRef.current?.focus({ preventScroll: true });
    mainRef.current?.scrollTo?.(0, 0);
  }, [route.name, route.param]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Sidebar current={route.name === 'session' ? 'sessions' : route.name} />
      <main id="main" className="main" ref={mainRef} tabIndex={-1}>
        <ConnectionBanner />
        <div className="page">
          <Page route={route} />
        </div>
      </main>
    </div>
  );
}
