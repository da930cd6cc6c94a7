/**
 * The console shell: who is logged in (GET /api/auth/me at start; the login page otherwise), the navigation a role
 * may use, and the page for the current path. Hiding a page is a courtesy: the server enforces every right.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, get, send, setCsrfToken, setUnauthenticatedHandler } from './api';
import { AssetPage } from './pages/AssetPage';
import { AssetsPage } from './pages/AssetsPage';
import { AuditPage } from './pages/AuditPage';
import { DashboardPage } from './pages/DashboardPage';
import { FindingPage } from './pages/FindingPage';
import { FindingsPage } from './pages/FindingsPage';
import { LoginPage } from './pages/LoginPage';
import { ReportsPage } from './pages/ReportsPage';
import { ScanDiffPage } from './pages/ScanDiffPage';
import { ScanPage } from './pages/ScanPage';
import { ScansPage } from './pages/ScansPage';
import { SegmentationPage } from './pages/SegmentationPage';
import { TokensPage } from './pages/TokensPage';
import { UsersPage } from './pages/UsersPage';
import { VexProposalsPage } from './pages/VexProposalsPage';
import { Link, navigate, useLocation } from './router';
import { canRecordVex, canSeeSegmentation, isAdmin, type Me } from './types';
import { ErrorBox, Loading } from './ui';

const ROLE_NAMES: Record<string, string> = {
  admin: 'Administrator',
  'security-analyst': 'Security analyst',
  'biomedical-engineer': 'Biomedical engineer',
  viewer: 'Viewer',
  'vendor-service': 'Vendor service',
};

export function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [bootError, setBootError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const loc = useLocation();

  const signedIn = useCallback((m: Me) => {
    setCsrfToken(m.csrfToken);
    setMe(m);
    setNotice(null);
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setCsrfToken(null);
      setMe(null);
      setNotice('Your session has ended. Log in again.');
    });
    get<Me>('/api/auth/me', {}, true).then(signedIn, (e: unknown) => {
      if (e instanceof ApiError && e.status === 401) setMe(null);
      else setBootError(e);
    });
    return () => setUnauthenticatedHandler(null);
  }, [signedIn]);

  useEffect(() => {
    document.title = me ? 'Radguard' : 'Radguard — log in';
  }, [me]);

  // After moving to another page, keyboard and screen-reader users start at its content, not on the old link.
  const firstPath = useRef(loc.path);
  useEffect(() => {
    if (loc.path === firstPath.current) return;
    firstPath.current = '';
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [loc.path]);

  if (bootError)
    return (
      <main className="page">
        <ErrorBox error={bootError} what="the console" />
      </main>
    );
  if (me === undefined)
    return (
      <main className="page">
        <Loading what="the console" />
      </main>
    );
  if (me === null) return <LoginPage notice={notice} onSignedIn={signedIn} />;

  const logout = async () => {
    try {
      await send('POST', '/api/auth/logout');
    } finally {
      setCsrfToken(null);
      setMe(null);
      navigate('/');
    }
  };

  const nav: [string, string][] = [
    ['/', 'Dashboard'],
    ['/assets', 'Assets'],
    ['/findings', 'Findings'],
    ['/scans', 'Scans'],
    ['/reports', 'Reports'],
    ...(canSeeSegmentation(me.role) ? ([['/segmentation', 'Segmentation']] as [string, string][]) : []),
    ...(canRecordVex(me.role) ? ([['/vex', 'VEX proposals']] as [string, string][]) : []),
    ['/tokens', 'API tokens'],
    ...(isAdmin(me.role)
      ? ([
          ['/admin/users', 'Users'],
          ['/admin/audit', 'Audit log'],
        ] as [string, string][])
      : []),
  ];
  const active = (to: string) => (to === '/' ? loc.path === '/' : loc.path === to || loc.path.startsWith(`${to}/`));
  const scopeText = [me.scope.manufacturer && `${me.scope.manufacturer} devices`, me.scope.site && `site ${me.scope.site}`]
    .filter(Boolean)
    .join(', ');

  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Radguard</span>
        <nav aria-label="Main">
          {nav.map(([to, label]) => (
            <Link key={to} to={to} className={active(to) ? 'active' : undefined} aria-current={active(to) ? 'page' : undefined}>
              {label}
            </Link>
          ))}
        </nav>
        <div className="who">
          <span data-testid="who">
            {me.username} · {ROLE_NAMES[me.role] ?? me.role}
            {scopeText && <> · only {scopeText}</>}
          </span>
          <button type="button" className="link" onClick={() => void logout()}>
            Log out
          </button>
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        <Route me={me} path={loc.path} query={loc.query} />
      </main>
    </div>
  );
}

function Route({ me, path, query }: { me: Me; path: string; query: URLSearchParams }) {
  const seg = path.split('/').filter(Boolean).map(decodeURIComponent);
  switch (seg[0]) {
    case undefined:
      return <DashboardPage me={me} />;
    case 'assets':
      return seg[1] ? <AssetPage id={seg[1]} me={me} /> : <AssetsPage query={query} />;
    case 'findings':
      return seg[1] ? <FindingPage findingKey={seg[1]} me={me} /> : <FindingsPage query={query} />;
    case 'scans':
      if (seg[1] === 'diff') return <ScanDiffPage from={query.get('from')} to={query.get('to')} />;
      return seg[1] ? <ScanPage id={seg[1]} me={me} watch={query.get('watch') === '1'} /> : <ScansPage me={me} />;
    case 'reports':
      return <ReportsPage />;
    case 'segmentation':
      return <SegmentationPage />;
    case 'tokens':
      return <TokensPage me={me} />;
    case 'vex':
      if (!canRecordVex(me.role)) break;
      return <VexProposalsPage me={me} />;
    case 'admin':
      if (!isAdmin(me.role)) break;
      if (seg[1] === 'users') return <UsersPage />;
      if (seg[1] === 'audit') return <AuditPage />;
      break;
  }
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is no page at <code>{path}</code> for your account. <Link to="/">Back to the dashboard</Link>
      </p>
    </section>
  );
}
