/**
 * API tokens for scripts and integrations: everyone manages their own (an administrator sees everyone's). A new
 * token's secret is shown once; the server keeps only its hash. A token's role and scope can only narrow the owner's.
 */
import { useState, type FormEvent } from 'react';
import { errorText, get, send } from '../api';
import { ActionTable } from '../components/ActionTable';
import { FormError } from '../components/forms';
import type { Me, TokenRow } from '../types';
import { day, useAsync } from '../ui';

export function TokensPage({ me }: { me: Me }) {
  const tokens = useAsync(() => get<{ items: TokenRow[] }>('/api/tokens'), []);
  const [name, setName] = useState('');
  const [days, setDays] = useState(90);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await send<{ token: string }>('POST', '/api/tokens', { name: name.trim(), days });
      setSecret(r?.token ?? null);
      setName('');
      tokens.reload();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const revoke = async (t: TokenRow) => {
    if (!confirm(`Revoke the token "${t.name}"? Scripts using it stop working at once.`)) return;
    setError(null);
    try {
      await send('DELETE', `/api/tokens/${encodeURIComponent(t.id)}`);
      tokens.reload();
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <section>
      <h1>API tokens</h1>
      <p className="muted">
        {me.via === 'token'
          ? 'Tokens cannot manage tokens: log in with a password to use this page.'
          : 'Use a token as “Authorization: Bearer …” from scripts. It acts with your role and scope.'}
      </p>
      <form className="toolbar" onSubmit={(e) => void create(e)} aria-label="New token">
        <label className="inline">
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} placeholder="e.g. CMMS sync" />
        </label>
        <label className="inline">
          Valid for (days)
          <input type="number" min={1} max={365} value={days} onChange={(e) => setDays(Number(e.target.value))} required />
        </label>
        <button type="submit" className="primary">
          Create token
        </button>
      </form>
      {secret && (
        <div className="notice" role="status">
          Copy this token now; it will not be shown again: <code className="secret">{secret}</code>
        </div>
      )}
      <FormError message={error} />
      <ActionTable
        state={tokens}
        what="the tokens"
        empty="No tokens."
        columns={['Name', 'Owner', 'Role', 'Created', 'Expires', 'Status']}
        rowKey={(t) => t.id}
        cells={(t) => (
          <>
            <td>{t.name}</td>
            <td>{t.owner}</td>
            <td>{t.role}</td>
            <td>{day(t.createdAt)}</td>
            <td>{day(t.expiresAt)}</td>
            <td>{t.revokedAt ? `revoked ${day(t.revokedAt)}` : Date.parse(t.expiresAt) < Date.now() ? 'expired' : 'active'}</td>
            <td>
              {!t.revokedAt && (
                <button type="button" className="danger" onClick={() => void revoke(t)}>
                  Revoke
                </button>
              )}
            </td>
          </>
        )}
      />
    </section>
  );
}
