/**
 * One finding: what was seen (evidence), why it matters and what to do, and its triage history; plus the triage
 * actions the caller's role may take on the one state machine (start remediation, resolve, accept the risk with a
 * reason, approver and expiry, mark a false positive with a VEX justification, reopen). An action the state
 * machine refuses comes back as the server's explanation.
 */
import { useState, type FormEvent } from 'react';
import { errorText, get, send } from '../api';
import { Link } from '../router';
import { TRIAGE_ACTIONS, type FindingDetail, type Me } from '../types';
import { dash, Facts, findingLabel, hostLabel, Loaded, Severity, State, useAsync, when } from '../ui';

const JUSTIFICATIONS: [string, string][] = [
  ['component_not_present', 'The affected component is not present'],
  ['vulnerable_code_not_present', 'The vulnerable code is not present'],
  ['vulnerable_code_not_in_execute_path', 'The vulnerable code is never executed'],
  ['vulnerable_code_cannot_be_controlled_by_adversary', 'The vulnerable code cannot be controlled by an attacker'],
  ['inline_mitigations_already_exist', 'Mitigations already in place'],
];

/** Which actions the state machine allows from which state (src/core/finding.ts decides; this only avoids dead buttons). */
const FROM: Record<string, readonly string[]> = {
  open: ['start-remediation', 'resolve', 'accept-risk', 'false-positive'],
  'in-remediation': ['resolve', 'accept-risk', 'false-positive'],
  resolved: ['reopen'],
  'risk-accepted': ['false-positive', 'reopen'],
  'false-positive': ['reopen'],
};
const LABELS: Record<string, string> = {
  'start-remediation': 'Start remediation',
  resolve: 'Mark resolved',
  'accept-risk': 'Accept risk…',
  'false-positive': 'False positive…',
  reopen: 'Reopen',
};

export function FindingPage({ findingKey, me }: { findingKey: string; me: Me }) {
  const state = useAsync(() => get<FindingDetail>(`/api/findings/${encodeURIComponent(findingKey)}`), [findingKey]);
  const [fresh, setFresh] = useState<FindingDetail | null>(null);
  return (
    <Loaded state={state} what="this finding">
      {(loaded) => {
        const f = fresh && fresh.key === loaded.key ? fresh : loaded;
        return (
          <section>
            <p className="crumbs">
              <Link to="/findings">Findings</Link> / <Link to={`/assets/${encodeURIComponent(f.subject)}`}>{hostLabel(f)}</Link> /
            </p>
            <h1>
              <Severity value={f.severity} /> {findingLabel(f)}
            </h1>
            <p>
              State:{' '}
              <span data-testid="state">
                <State value={f.state} />
              </span>
            </p>
            <div className="cols">
              <div>
                <h2>What was seen</h2>
                <pre className="evidence" data-testid="evidence">
                  {f.evidence || 'No evidence recorded.'}
                </pre>
                <h2>Why it matters and what to do</h2>
                <p className="why">{f.remediation || 'No remediation text for this rule.'}</p>
              </div>
              <div>
                <Facts
                  rows={[
                    ['Rule', <code>{f.ruleId}</code>],
                    ['CVE', f.cve],
                    ['Component', f.component],
                    ['Host', `${hostLabel(f)}${f.port === null ? '' : `:${f.port}`}`],
                    ['First seen', when(f.firstSeen)],
                    ['Last seen', when(f.lastSeen)],
                    ...(f.state === 'risk-accepted'
                      ? ([
                          ['Accepted because', f.acceptedReason],
                          ['Approved by', f.acceptedBy],
                          ['Acceptance expires', when(f.acceptedUntil)],
                        ] as [string, string | null][])
                      : []),
                    ...(f.justification ? ([['VEX justification', f.justification]] as [string, string][]) : []),
                  ]}
                />
              </div>
            </div>
            <Triage f={f} me={me} onDone={setFresh} />
            <h2>History</h2>
            <table className="grid">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">From</th>
                  <th scope="col">To</th>
                  <th scope="col">By</th>
                  <th scope="col">Note</th>
                </tr>
              </thead>
              <tbody>
                {f.history.map((h, i) => (
                  <tr key={i}>
                    <td className="t">{when(h.at)}</td>
                    <td>{dash(h.from)}</td>
                    <td>{h.to}</td>
                    <td>{h.actor}</td>
                    <td className="small">{dash(h.note)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      }}
    </Loaded>
  );
}

function Triage({ f, me, onDone }: { f: FindingDetail; me: Me; onDone: (f: FindingDetail) => void }) {
  const allowed = TRIAGE_ACTIONS[me.role].filter((a) => (FROM[f.state] ?? []).includes(a));
  const [form, setForm] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [approver, setApprover] = useState(me.username);
  const [expires, setExpires] = useState(() => new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10));
  const [justification, setJustification] = useState(JUSTIFICATIONS[0]![0]);

  if (TRIAGE_ACTIONS[me.role].length === 0) return <p className="muted small">Your role can read findings but not triage them.</p>;

  const act = async (action: string, extra: Record<string, string> = {}) => {
    setBusy(true);
    setError(null);
    try {
      const r = await send<FindingDetail>('POST', `/api/findings/${f.key}/triage`, { action, ...(note ? { note } : {}), ...extra });
      if (r) onDone(r);
      setForm(null);
      setNote('');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (form === 'accept-risk') {
      const until = new Date(`${expires}T23:59:59Z`);
      if (Number.isNaN(until.getTime()) || until.getTime() <= Date.now()) return setError('The expiry must be a date in the future.');
      void act('accept-risk', { reason: reason.trim(), approver: approver.trim(), expiresAt: until.toISOString() });
    } else if (form === 'false-positive') void act('false-positive', { justification });
  };

  return (
    <div className="triage">
      <h2>Triage</h2>
      {allowed.length === 0 ? (
        <p className="muted small">No triage step your role may take from the state “{f.state.replace(/-/g, ' ')}”.</p>
      ) : (
        <div className="actions">
          {allowed.map((a) => (
            <button
              key={a}
              type="button"
              disabled={busy}
              aria-expanded={a === 'accept-risk' || a === 'false-positive' ? form === a : undefined}
              onClick={() => (a === 'accept-risk' || a === 'false-positive' ? setForm(form === a ? null : a) : void act(a))}
            >
              {LABELS[a]}
            </button>
          ))}
        </div>
      )}
      {form && (
        <form className="panel" onSubmit={submit} aria-label={form === 'accept-risk' ? 'Accept risk' : 'False positive'}>
          {form === 'accept-risk' ? (
            <>
              <label>
                Reason the risk is accepted
                <textarea
                  name="reason"
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  required
                  rows={3}
                  maxLength={2000}
                  autoFocus
                />
              </label>
              <label className="inline">
                Approved by
                <input name="approver" value={approver} onChange={(e) => setApprover(e.target.value)} required maxLength={200} />
              </label>
              <label className="inline">
                Expires on
                <input name="expires" type="date" value={expires} onChange={(e) => setExpires(e.target.value)} required />
              </label>
            </>
          ) : (
            <label>
              VEX justification
              <select name="justification" value={justification} onChange={(e) => setJustification(e.target.value)} autoFocus>
                {JUSTIFICATIONS.map(([v, l]) => (
                  <option key={v} value={v}>
                    {l} ({v})
                  </option>
                ))}
              </select>
            </label>
          )}
          <label>
            Note (optional)
            <input name="note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
          </label>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {form === 'accept-risk' ? 'Accept risk' : 'Mark false positive'}
            </button>
            <button type="button" onClick={() => setForm(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
