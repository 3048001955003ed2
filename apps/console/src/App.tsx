import { Component, lazy, Suspense, type ErrorInfo, type ReactNode } from 'react';
import { Link, matchPath, useLocation } from './router.tsx';
import { SessionProvider, useSessionContext } from './session.tsx';
import { ErrorState, Loading, PageHeader } from './components/ui.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { OverviewPage } from './pages/OverviewPage.tsx';
import { KeysPage } from './pages/KeysPage.tsx';
import { DatasetsPage } from './pages/DatasetsPage.tsx';
import { DatasetPage } from './pages/DatasetPage.tsx';
import { ModelsPage } from './pages/ModelsPage.tsx';
import { NewModelPage } from './pages/NewModelPage.tsx';
import { ModelPage } from './pages/ModelPage.tsx';
import { RunsPage } from './pages/RunsPage.tsx';
import { RunPage } from './pages/RunPage.tsx';
import { ComparePage } from './pages/ComparePage.tsx';
import { RegistryPage } from './pages/RegistryPage.tsx';
import { PlaygroundPage } from './pages/PlaygroundPage.tsx';

// GraphiQL (and Monaco) is large: loaded only when the Explorer page opens.
const ExplorerPage = lazy(() => import('./pages/ExplorerPage.tsx'));

const NAV: { to: string; label: string; match: (path: string) => boolean }[] = [
  { to: '/', label: 'Overview', match: (p) => p === '/' },
  { to: '/keys', label: 'API keys', match: (p) => p.startsWith('/keys') },
  { to: '/datasets', label: 'Datasets', match: (p) => p.startsWith('/datasets') },
  { to: '/models', label: 'Models', match: (p) => p.startsWith('/models') },
  { to: '/runs', label: 'Runs', match: (p) => p.startsWith('/runs') || p.startsWith('/compare') },
  { to: '/registry', label: 'Registry', match: (p) => p.startsWith('/registry') },
  { to: '/playground', label: 'Playground', match: (p) => p.startsWith('/playground') },
  { to: '/explorer', label: 'GraphQL explorer', match: (p) => p.startsWith('/explorer') },
];

function Routes() {
  const { path } = useLocation();
  let m: Record<string, string> | null;
  if (path === '/') return <OverviewPage />;
  if (matchPath('/keys', path)) return <KeysPage />;
  if (matchPath('/datasets', path)) return <DatasetsPage />;
  if ((m = matchPath('/datasets/:id', path))) return <DatasetPage key={m.id} datasetId={m.id!} />;
  if (matchPath('/models', path)) return <ModelsPage />;
  if (matchPath('/models/new', path)) return <NewModelPage />;
  if ((m = matchPath('/models/:id', path))) return <ModelPage key={m.id} modelId={m.id!} />;
  if (matchPath('/runs', path)) return <RunsPage />;
  if ((m = matchPath('/runs/:id', path))) return <RunPage key={m.id} runId={m.id!} />;
  if (matchPath('/compare', path)) return <ComparePage />;
  if (matchPath('/registry', path)) return <RegistryPage />;
  if (matchPath('/playground', path)) return <PlaygroundPage />;
  if (matchPath('/explorer', path))
    return (
      <Suspense fallback={<Loading label="Loading the GraphQL explorer…" />}>
        <ExplorerPage />
      </Suspense>
    );
  return (
    <>
      <PageHeader title="Page not found" />
      <p>
        There is no page at <code>{path}</code>. <Link to="/">Go to the overview</Link>.
      </p>
    </>
  );
}

class ErrorBoundary extends Component<{ children: ReactNode; resetKey: string }, { error: unknown }> {
  override state: { error: unknown } = { error: null };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override componentDidCatch(_error: unknown, _info: ErrorInfo) {
    // Shown on the page; nothing else to do.
  }
  override componentDidUpdate(prev: { resetKey: string }) {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }
  override render() {
    if (this.state.error) return <ErrorState title="This page failed to render" error={this.state.error} onRetry={() => this.setState({ error: null })} />;
    return this.props.children;
  }
}

function Shell() {
  const { status, logout } = useSessionContext();
  const { path } = useLocation();
  if (status.state === 'checking') {
    return (
      <main id="main" className="centered">
        <Loading label="Checking your saved API key…" />
      </main>
    );
  }
  if (status.state === 'signedOut') return <LoginPage notice={status.notice} />;
  const { viewer } = status.session;
  const fullPage = path.startsWith('/explorer');
  return (
    <div className={`layout${fullPage ? ' layout-full' : ''}`}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          ModelGraph <span>console</span>
        </Link>
        <div className="whoami">
          <span>
            {viewer.tenant ? (
              <>
                Tenant <strong>{viewer.tenant.name}</strong>
              </>
            ) : (
              <strong>Platform operator</strong>
            )}
            {viewer.apiKey ? (
              <>
                {' · key '}
                <code>{viewer.apiKey.prefix}…</code>
              </>
            ) : null}
          </span>
          <button type="button" className="secondary" onClick={() => logout()}>
            Log out
          </button>
        </div>
      </header>
      <nav className="sidebar" aria-label="Main">
        <ul>
          {NAV.map((item) => (
            <li key={item.to}>
              <Link to={item.to} aria-current={item.match(path) ? 'page' : undefined}>
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        <ErrorBoundary resetKey={path}>
          <Routes />
        </ErrorBoundary>
      </main>
    </div>
  );
}

export function App() {
  return (
    <SessionProvider>
      <Shell />
    </SessionProvider>
  );
}
