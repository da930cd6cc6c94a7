/**
 * A vendor's VEX statements that would take findings out (not affected, false positive) wait here for the site
 * (ADR 0107): a security analyst or administrator approves them, and they take effect (by default on the findings
 * at once), or rejects them, and they are dropped. They are grouped by the document that made them, since a
 * vendor's CSAF VEX for a product line can hold hundreds: a document is approved whole or statement by statement.
 * A vendor account sees its own proposals.
 */
import { useState } from 'react';
import { errorText, get, send } from '../api';
import { ActionRows } from '../components/ActionTable';
import { FormError } from '../components/forms';
import { canDecideVex, type Me, type VexProposal } from '../types';
import { day, Empty, Loaded, useAsync } from '../ui';

interface Decided {
  decided: VexProposal[];
  reassessment: { devices?: number; falsePositive?: number; skipped?: string } | null;
}

export function VexProposalsPage({ me }: { me: Me }) {
  const proposals = useAsync(() => get<{ items: VexProposal[] }>('/api/vex/proposals'), []);
  const [reassess, setReassess] = useState(true);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const decides = canDecideVex(me.role);

  const decide = async (ps: readonly VexProposal[], approve: boolean, what: string) => {
    setError(null);
    setResult(null);
    try {
      const r = await send<Decided>('POST', '/api/vex/proposals/decide', {
        approve,
        items: ps.map((p) => ({ cve: p.cve, identity: p.identity, scope: p.scope })),
        reassess,
      });
      const re = r?.reassessment;
      setResult(
        `${approve ? 'Approved' : 'Rejected'}: ${what}.` +
          (re?.skipped
            ? ` Not re-assessed: ${re.skipped}.`
            : re
              ? ` Re-assessed ${re.devices} device(s): ${re.falsePositive} false positive(s).`
              : approve
                ? ' It applies at the next scan.'
                : ''),
      );
      proposals.reload();
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <section>
      <h1>VEX proposals</h1>
      <p className="muted">
        {decides
          ? "A vendor's “not affected” or “false positive” changes no finding until you approve it; until then the finding says what the vendor claims."
          : 'Your “not affected” and “false positive” statements wait here until the site approves them.'}
      </p>
      {decides && (
        <label className="inline">
          <input type="checkbox" checked={reassess} onChange={(e) => setReassess(e.target.checked)} /> apply an approval to the findings now
          (re-assess the devices concerned, no network traffic)
        </label>
      )}
      {result && (
        <div className="notice" role="status">
          {result}
        </div>
      )}
      <FormError message={error} />
      <Loaded state={proposals} what="the VEX proposals">
        {({ items }) =>
          items.length === 0 ? (
            <Empty>No VEX statement awaits approval.</Empty>
          ) : (
            byDocument(items).map(([source, ps]) => (
              <section key={source} className="panel" aria-label={`Proposals of ${source}`}>
                <h2 className="small">
                  {source}: {ps.length} statement(s) by {[...new Set(ps.map((p) => p.proposedBy))].join(', ')}
                </h2>
                {decides && (
                  <p className="actions">
                    <button
                      type="button"
                      className="primary"
                      onClick={() => void decide(ps, true, `${ps.length} statement(s) of ${source}`)}
                    >
                      Approve all {ps.length}
                    </button>{' '}
                    <button
                      type="button"
                      className="danger"
                      onClick={() => void decide(ps, false, `${ps.length} statement(s) of ${source}`)}
                    >
                      Reject all {ps.length}
                    </button>
                  </p>
                )}
                <ActionRows
                  items={ps}
                  columns={['CVE', 'Product', 'For', 'Vendor states', 'Proposed']}
                  rowKey={(p) => `${p.cve} ${p.identity} ${p.scope}`}
                  cells={(p) => (
                    <>
                      <td className="t">{p.cve}</td>
                      <td className="mono small">{p.identity}</td>
                      <td>{p.scope}</td>
                      <td>
                        {p.status}
                        {p.justification && ` (${p.justification})`}
                        {p.detail && <div className="small muted">{p.detail}</div>}
                      </td>
                      <td>
                        {p.proposedBy}, {day(p.proposedAt)}
                      </td>
                      <td>
                        <div className="actions">
                          {decides &&
                            ([true, false] as const).map((approve) => (
                              <button
                                key={String(approve)}
                                type="button"
                                className={approve ? 'primary' : 'danger'}
                                onClick={() => void decide([p], approve, `${p.status} for ${p.cve} (${p.scope})`)}
                                aria-label={`${approve ? 'Approve' : 'Reject'} ${p.status} for ${p.cve}`}
                              >
                                {approve ? 'Approve' : 'Reject'}
                              </button>
                            ))}
                        </div>
                      </td>
                    </>
                  )}
                />
              </section>
            ))
          )
        }
      </Loaded>
    </section>
  );
}

/** The proposals grouped by the document that made them, in the order the server lists them (oldest first). */
function byDocument(items: readonly VexProposal[]): [string, VexProposal[]][] {
  const groups = new Map<string, VexProposal[]>();
  for (const p of items) {
    const g = groups.get(p.source);
    if (g) g.push(p);
    else groups.set(p.source, [p]);
  }
  return [...groups];
}
