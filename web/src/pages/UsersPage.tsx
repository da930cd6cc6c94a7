/**
 * Accounts (administrators only): add a user with a role (vendor-service needs a manufacturer and/or site and an
 * expiry), change role or scope, disable and re-enable. Passwords are checked by the server's policy; an account
 * with a second factor gets its authenticator link once, here.
 */
import { useState, type FormEvent } from 'react';
import { errorText, get, send } from '../api';
import { ActionTable } from '../components/ActionTable';
import { FormError } from '../components/forms';
import type { Role, UserRow } from '../types';
import { day, useAsync, when } from '../ui';

const ROLES: Role[] = ['admin', 'security-analyst', 'biomedical-engineer', 'viewer', 'vendor-service'];

export function UsersPage() {
  const users = useAsync(() => get<{ items: UserRow[] }>('/api/users'), []);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const setDisabled = async (u: UserRow, disabled: boolean) => {
    setError(null);
    try {
      await send('PATCH', `/api/users/${encodeURIComponent(u.username)}`, { disabled });
      users.reload();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <section>
      <h1>Users</h1>
      <AddUser
        onAdded={(username, totpUri) => {
          setNotice(
            totpUri
              ? `User ${username} added. Give them this authenticator link securely (shown once): ${totpUri}`
              : `User ${username} added.`,
          );
          users.reload();
        }}
      />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <FormError message={error} />
      <ActionTable
        state={users}
        what="the users"
        empty="No users."
        columns={['User', 'Role', 'Scope', 'Second factor', 'Expires', 'Status', 'Created']}
        rowKey={(u) => u.username}
        cells={(u) => (
          <>
            <td>{u.username}</td>
            <td>{u.role}</td>
            <td>{[u.scope.manufacturer, u.scope.site].filter(Boolean).join(', ') || 'everything'}</td>
            <td>{u.totp ? 'TOTP' : '—'}</td>
            <td>{day(u.expiresAt)}</td>
            <td>
              {u.disabled
                ? 'disabled'
                : u.lockedUntil && Date.parse(u.lockedUntil) > Date.now()
                  ? `locked until ${when(u.lockedUntil)}`
                  : 'active'}
            </td>
            <td>{day(u.createdAt)}</td>
            <td>
              <button type="button" className={u.disabled ? undefined : 'danger'} onClick={() => void setDisabled(u, !u.disabled)}>
                {u.disabled ? 'Enable' : 'Disable'}
              </button>
            </td>
          </>
        )}
      />
    </section>
  );
}

function AddUser({ onAdded }: { onAdded: (username: string, totpUri: string | null) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [manufacturer, setManufacturer] = useState('');
  const [site, setSite] = useState('');
  const [expires, setExpires] = useState('');
  const [totp, setTotp] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await send<{ totpUri: string | null }>('POST', '/api/users', {
        username: username.trim(),
        password,
        role,
        ...(manufacturer.trim() ? { manufacturer: manufacturer.trim() } : {}),
        ...(site.trim() ? { site: site.trim() } : {}),
        ...(expires ? { expiresAt: new Date(`${expires}T23:59:59Z`).toISOString() } : {}),
        ...(totp ? { totp: true } : {}),
      });
      onAdded(username, r?.totpUri ?? null);
      setUsername('');
      setPassword('');
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <details className="panel">
      <summary>Add a user</summary>
      <form onSubmit={(e) => void submit(e)} aria-label="Add a user">
        <label className="inline">
          Username
          <input value={username} onChange={(e) => setUsername(e.target.value)} required autoComplete="off" />
        </label>
        <label className="inline">
          Initial password
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="new-password" />
        </label>
        <label className="inline">
          Role
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        {role === 'vendor-service' && (
          <>
            <label className="inline">
              Manufacturer
              <input value={manufacturer} onChange={(e) => setManufacturer(e.target.value)} />
            </label>
            <label className="inline">
              Site
              <input value={site} onChange={(e) => setSite(e.target.value)} />
            </label>
          </>
        )}
        <label className="inline">
          Account expires {role === 'vendor-service' ? '' : <span className="muted small">(optional)</span>}
          <input type="date" value={expires} onChange={(e) => setExpires(e.target.value)} required={role === 'vendor-service'} />
        </label>
        {role !== 'admin' && (
          <label className="check">
            <input type="checkbox" checked={totp} onChange={(e) => setTotp(e.target.checked)} /> Require a TOTP second factor
          </label>
        )}
        <FormError message={error} />
        <button type="submit" className="primary">
          Add user
        </button>
      </form>
    </details>
  );
}
