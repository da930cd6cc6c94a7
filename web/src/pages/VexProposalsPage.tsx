/**
 * A vendor's VEX statements that would take findings out (not affected, false positive) wait here for the site
 * (ADR 0107): a security analyst or administrator approves one, and it takes effect (by default on the findings at
 * once), or rejects it, and it is dropped. A vendor account sees its own proposals.
 */
import { useState } from 'react';
import { errorText, get, send } from '../api';
import { ActionTable } from '../components/ActionTable';
import { FormError } from '../components/forms';
import { canDecideVex, type Me, type VexProposal } from '../types';
import { day, useAsync } from '../ui';

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

  const decide = async (p: VexProposal, approve: boolean) => {
    setError(null);
    setResult(null);
    try {
      const r = await send<Decided>('POST', '/api/vex/proposals/decide', {
        approve,
        items: [{ cve: p.cve, identity: p.identity, scope: p.scope }],
        reassess,
      });
      const re = r?.reassessment;
      setResult(
        `${approve ? 'Approved' : 'Rejected'}: ${p.status} for ${p.cve} (${p.scope}).` +
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
      <ActionTable
        state={proposals}
        what="the VEX proposals"
        empty="No VEX statement awaits approval."
        columns={['CVE', 'Product', 'For', 'Vendor states', 'Proposed', 'Document']}
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
            <td className="small">{p.source}</td>
            <td>
              {decides && (
                <>
                  <button
                    type="button"
                    className="primary"
                    onClick={() => void decide(p, true)}
                    aria-label={`Approve ${p.status} for ${p.cve}`}
                  >
                    Approve
                  </button>{' '}
                  <button
                    type="button"
                    className="danger"
                    onClick={() => void decide(p, false)}
                    aria-label={`Reject ${p.status} for ${p.cve}`}
                  >
                    Reject
                  </button>
                </>
              )}
            </td>
          </>
        )}
      />
    </section>
  );
}
