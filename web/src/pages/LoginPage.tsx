/**
 * Log in with username, password and — when the server asks (admins always) — the 6-digit code from an
 * authenticator app. On a fresh installation (/api/auth/config says setupRequired) the page instead creates the
 * first administrator with the one-time setup token the server printed at start. With OIDC configured it offers
 * the hospital's single sign-on; local accounts stay as break-glass. A 401 here is an answer, not an ended session.
 */
import { useEffect, useRef, useState } from 'react';
import { ApiError, errorText, get, send } from '../api';
import { CodeField, Field, FormError, SubmitButton, useSubmit } from '../components/forms';
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
  const { busy, error, onSubmit } = useSubmit();
  const totpRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (needTotp) totpRef.current?.focus();
  }, [needTotp]);

  const submit = onSubmit(
    async () => {
      const me = await send<Me>('POST', '/api/auth/login', { username, password, ...(totp ? { totp } : {}) }, true);
      if (me) onSignedIn(me);
    },
    {
      explain: (err) => {
        if (!(err instanceof ApiError && err.code === 'totp-required')) return errorText(err);
        setNeedTotp(true);
        return totp ? 'That code was not accepted. Enter the current code.' : 'Enter the 6-digit code from your authenticator app.';
      },
    },
  );

  return (
    <form onSubmit={submit} aria-label="Log in">
      <Field label="Username" name="username" autoComplete="username" value={username} onValue={setUsername} required autoFocus />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        value={password}
        onValue={setPassword}
        required
      />
      <CodeField
        label={<>Authenticator code {needTotp ? '' : <span className="muted">(administrators)</span>}</>}
        ref={totpRef}
        name="totp"
        value={totp}
        onValue={setTotp}
        required={needTotp}
      />
      <FormError message={error} />
      <SubmitButton busy={busy} busyLabel="Logging in…">
        Log in
      </SubmitButton>
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
  const { busy, error, onSubmit } = useSubmit();

  const start = onSubmit(
    async () => {
      const r = await send<{ username: string; totpUri: string }>('POST', '/api/setup', { token: token.trim(), username, password }, true);
      setEnrolment(r?.totpUri ?? null);
    },
    { check: () => (password !== repeat ? 'The two passwords differ.' : null) },
  );
  const confirmCode = onSubmit(async () => {
    await send('POST', '/api/setup/confirm', { token: token.trim(), code }, true);
    onDone(username);
  });

  if (enrolment)
    return (
      <form onSubmit={confirmCode} aria-label="Confirm the authenticator">
        <h2>First-run setup: second factor</h2>
        <p className="small">
          Add this account to the authenticator app (enter the link or its secret), then type the 6-digit code it shows.
        </p>
        <code className="secret" data-testid="totp-uri">
          {enrolment}
        </code>
        <CodeField label="Authenticator code" name="code" value={code} onValue={setCode} required autoFocus />
        <FormError message={error} />
        <SubmitButton busy={busy} busyLabel="Checking…">
          Create administrator
        </SubmitButton>
      </form>
    );
  return (
    <form onSubmit={start} aria-label="First-run setup">
      <h2>First-run setup</h2>
      <p className="muted small">
        No account exists yet. Enter the one-time setup token that <code>radguard serve</code> printed when it started, and choose the first
        administrator's name and password.
      </p>
      <Field label="Setup token" name="token" autoComplete="off" value={token} onValue={setToken} required autoFocus />
      <Field label="Administrator username" name="username" autoComplete="username" value={username} onValue={setUsername} required />
      <Field label="Password" name="password" type="password" autoComplete="new-password" value={password} onValue={setPassword} required />
      <Field label="Password again" name="repeat" type="password" autoComplete="new-password" value={repeat} onValue={setRepeat} required />
      <FormError message={error} />
      <SubmitButton busy={busy} busyLabel="Checking…">
        Continue
      </SubmitButton>
    </form>
  );
}
