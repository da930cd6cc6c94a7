/** The audit log (administrators only): logins, failures, role changes, triage decisions, scans, exports — newest first. */
import { useState } from 'react';
import { get } from '../api';
import type { AuditEntry } from '../types';
import { Empty, Loaded, useAsync, when } from '../ui';

const PAGE = 100;

export function AuditPage() {
  const [before, setBefore] = useState<number[]>([]);
  const cursor = before[before.length - 1];
  const state = useAsync(() => get<{ items: AuditEntry[] }>('/api/audit-log', { limit: PAGE, before: cursor }), [cursor]);
  return (
    <section>
      <h1>Audit log</h1>
      <p className="muted">
        Append-only and chained with a keyed hash; <code>radguard audit-log verify</code> detects an edited, deleted or truncated entry.
      </p>
      <Loaded state={state} what="the audit log">
        {({ items }) =>
          items.length === 0 ? (
            <Empty>No entries.</Empty>
          ) : (
            <>
              <table className="grid">
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      #
                    </th>
                    <th scope="col">When</th>
                    <th scope="col">Who</th>
                    <th scope="col">What</th>
                    <th scope="col">On</th>
                    <th scope="col">Detail</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((e) => (
                    <tr key={e.seq}>
                      <td className="num">{e.seq}</td>
                      <td className="t">{when(e.at)}</td>
                      <td>{e.actor}</td>
                      <td>{e.action}</td>
                      <td>{e.target ?? '—'}</td>
                      <td className="small mono">{JSON.stringify(e.detail)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <nav className="pager" aria-label="Pages">
                <button type="button" disabled={before.length === 0} onClick={() => setBefore(before.slice(0, -1))}>
                  Newer
                </button>
                <button type="button" disabled={items.length < PAGE} onClick={() => setBefore([...before, items[items.length - 1]!.seq])}>
                  Older
                </button>
              </nav>
            </>
          )
        }
      </Loaded>
    </section>
  );
}
