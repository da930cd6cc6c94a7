/**
 * Log in with username, password and — when the server asks (admins always) — the 6-digit code from an
 * authenticator app. On a fresh installation (/api/auth/config says setupRequired) the page instead creates the
 * first administrator with the one-time setup token the server printed at start. With OIDC configured it offers
 * the hospital's single sign-on; local accounts stay as break-glass. A 401 here is an answer, not an ended session.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, errorText, get, send } from '../api';
import type { Me } from '../types';

interface AuthConfig {
  oidc: boolean;
  setupRequired: boolean;
}

export function LoginPage({ notice, onSignedIn }: { notice: string | null; onSignedIn: (me: Me) => void }) {
  const [config, setConfig] = useState<AuthConfig>({ oidc: false, setupRequired: false });
  const [setupDone, setSetupDone] = useState<string | null>(null);
  useEffect(() => {
    // An older server without the route answers 404: then it is plain local login.
    get<AuthConfig>('/api/auth/config').then(setConfig, () => undefined);
  }, []);

  return (
    <main className="login">
      <div className="login-card">
        <h1>Radguard</h1>
        <p className="muted">Security posture of the imaging department</p>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        {setupDone && (
          <div className="notice" role="status">
            Administrator <strong>{setupDone}</strong> created. Log in below with the password and a code from the authenticator.
          </div>
        )}
        {config.setupRequired && !setupDone ? <SetupForm onDone={setSetupDone} /> : <LoginForm onSignedIn={onSignedIn} />}
        {config.oidc && !config.setupRequired && (
          <p className="sso">
            <a href="/api/auth/oidc/login">Log in with the hospital account (single sign-on)</a>
          </p>
        )}
      </div>
    </main>
  );
}

function LoginForm({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const totpRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (needTotp) totpRef.current?.focus();
  }, [needTotp]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await send<Me>('POST', '/api/auth/login', { username, password, ...(totp ? { totp } : {}) }, true);
      if (me) onSignedIn(me);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'totp-required') {
        setNeedTotp(true);
        setError(totp ? 'That code was not accepted. Enter the current code.' : 'Enter the 6-digit code from your authenticator app.');
      } else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Log in">
      <label>
        Username
        <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus />
      </label>
      <label>
        Password
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
      </label>
      <label>
        Authenticator code {needTotp ? '' : <span className="muted">(administrators)</span>}
        <input
          ref={totpRef}
          name="totp"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          value={totp}
          onChange={(e) => setTotp(e.target.value.replace(/\D/g, ''))}
          required={needTotp}
        />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Logging in…' : 'Log in'}
      </button>
    </form>
  );
}

/**
 * Two steps, as the server wants them: token, name and password answer an authenticator enrolment; a code from the
 * authenticator then proves it works and creates the administrator (an admin without a working second factor
 * would be locked out).
 */
function SetupForm({ onDone }: { onDone: (username: string) => void }) {
  const [token, setToken] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [enrolment, setEnrolment] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const start = async (e: FormEvent) => {
    e.preventDefault();
    if (password !== repeat) return setError('The two passwords differ.');
    setBusy(true);
    setError(null);
    try {
      const r = await send<{ username: string; totpUri: string }>('POST', '/api/setup', { token: token.trim(), username, password }, true);
      setEnrolment(r?.totpUri ?? null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const confirmCode = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await send('POST', '/api/setup/confirm', { token: token.trim(), code }, true);
      onDone(username);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const problem = error && (
    <p className="error" role="alert">
      {error}
    </p>
  );
  if (enrolment)
    return (
      <form onSubmit={(e) => void confirmCode(e)} aria-label="Confirm the authenticator">
        <h2>First-run setup: second factor</h2>
        <p className="small">
          Add this account to the authenticator app (enter the link or its secret), then type the 6-digit code it shows.
        </p>
        <code className="secret" data-testid="totp-uri">
          {enrolment}
        </code>
        <label>
          Authenticator code
          <input
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            value={code}
            onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
            required
            autoFocus
          />
        </label>
        {problem}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Checking…' : 'Create administrator'}
        </button>
      </form>
    );
  return (
    <form onSubmit={(e) => void start(e)} aria-label="First-run setup">
      <h2>First-run setup</h2>
      <p className="muted small">
        No account exists yet. Enter the one-time setup token that <code>radguard serve</code> printed when it started, and choose the first
        administrator's name and password.
      </p>
      <label>
        Setup token
        <input name="token" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} required autoFocus />
      </label>
      <label>
        Administrator username
        <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
      </label>
      <label>
        Password
        <input
          name="password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
      </label>
      <label>
        Password again
        <input
          name="repeat"
          type="password"
          autoComplete="new-password"
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
          required
        />
      </label>
      {problem}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Checking…' : 'Continue'}
      </button>
    </form>
  );
}
