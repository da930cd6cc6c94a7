/**
 * The department at a glance (GET /api/dashboard, already narrowed to the caller's devices): posture score and
 * its trend over scans, open findings by severity, the five practices (a practice without data says "not
 * assessed" and why — never a silent zero), devices with known-exploited vulnerabilities, end of support,
 * warnings when the vulnerability feeds are stale, and for those who decide them, vendor VEX statements awaiting
 * approval.
 */
import { useMemo } from 'react';
import { get } from '../api';
import { Chart } from '../components/Chart';
import { Link } from '../router';
import { canDecideVex, SEVERITIES, type Dashboard, type Me, type VexProposal } from '../types';
import { day, Empty, Loaded, useAsync, when } from '../ui';

const count = (n: number, what: string) => `${n.toLocaleString('en')} ${what}${n === 1 ? '' : 's'}`;
const SEV_COLORS: Record<string, string> = { critical: '#8b1a1a', high: '#c2410c', medium: '#b08900', low: '#2f6f9f', info: '#6b7280' };

export function DashboardPage({ me }: { me: Me }) {
  const state = useAsync(() => get<Dashboard>('/api/dashboard'), []);
  const proposals = useAsync(
    () => (canDecideVex(me.role) ? get<{ items: VexProposal[] }>('/api/vex/proposals') : Promise.resolve({ items: [] })),
    [me.role],
  );
  const pending = proposals.data?.items.length ?? 0;
  return (
    <section>
      <h1>Dashboard</h1>
      {pending > 0 && (
        <div className="notice" role="status" data-testid="vex-pending">
          {count(pending, 'vendor VEX statement')} that would take findings out {pending === 1 ? 'awaits' : 'await'} your approval:{' '}
          <Link to="/vex">VEX proposals</Link>
        </div>
      )}
      <Loaded state={state} what="the dashboard">
        {(d) => <DashboardBody d={d} />}
      </Loaded>
    </section>
  );
}

function DashboardBody({ d }: { d: Dashboard }) {
  const sev = SEVERITIES.map((s) => d.findingsBySeverity[s] ?? 0);
  const totalFindings = sev.reduce((a, b) => a + b, 0);
  const trendPoints = d.trend;
  const trendOption = useMemo(
    () => ({
      animation: false,
      grid: { left: 36, right: 12, top: 12, bottom: 28 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: trendPoints.map((t) => t.at.slice(5, 16).replace('T', ' ')), axisLabel: { color: '#475569' } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { color: '#475569' } },
      series: [
        {
          type: 'line',
          data: trendPoints.map((t) => t.score),
          symbolSize: 6,
          lineStyle: { color: '#1e4e79', width: 2 },
          itemStyle: { color: '#1e4e79' },
        },
      ],
    }),
    [trendPoints],
  );
  const sevOption = useMemo(
    () => ({
      animation: false,
      grid: { left: 64, right: 24, top: 8, bottom: 24 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#475569' } },
      yAxis: { type: 'category', inverse: true, data: [...SEVERITIES], axisLabel: { color: '#1f2937' } },
      series: [
        {
          type: 'bar',
          data: sev.map((v, i) => ({ value: v, itemStyle: { color: SEV_COLORS[SEVERITIES[i]!] } })),
          barWidth: 14,
          label: { show: true, position: 'right' },
        },
      ],
    }),
    // sev is derived from d; recompute when the data changes
    [d],
  );
  const warnings = d.feeds.warnings;

  return (
    <div className="dash">
      <p className="muted small" data-testid="scope-summary">
        {count(d.devices, 'device')} in your scope · {count(d.scans, 'finished scan')} · as of {when(d.generatedAt)}
      </p>
      {warnings.length > 0 && (
        <div className="warn" role="alert">
          <strong>Vulnerability data may be out of date.</strong>
          <ul>
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="cards">
        <div className="card score" data-testid="posture">
          <h2>Posture score</h2>
          {d.postureScore === null ? (
            <p className="big muted">not assessed</p>
          ) : (
            <p className="big">
              {Math.round(d.postureScore)}
              <span className="of">/100</span>
            </p>
          )}
          <p className="muted small">
            {d.postureScore === null
              ? 'No scan has seen a device in your scope yet.'
              : `Open findings weighted by severity per device, over all ${d.devices} devices in your scope; 100 means nothing open.`}
          </p>
        </div>
        <div className="card wide">
          <h2>Posture over recent scans</h2>
          <p className="muted small">Each scan scored on the findings it saw and the devices it reached.</p>
          {trendPoints.length < 2 ? (
            <Empty>
              {trendPoints.length === 0
                ? 'No scored scans yet. Run a scan to start the trend.'
                : 'One scored scan so far; the trend appears after the next scan.'}
            </Empty>
          ) : (
            <Chart option={trendOption} label={`Posture score per scan: ${trendPoints.map((t) => `${day(t.at)} ${t.score}`).join(', ')}`} />
          )}
        </div>
        <div className="card">
          <h2>Open findings by severity</h2>
          {totalFindings === 0 ? (
            <Empty>No open findings in your scope.</Empty>
          ) : (
            <>
              <Chart option={sevOption} label={SEVERITIES.map((s, i) => `${s} ${sev[i]}`).join(', ')} height={170} />
              <p className="small" data-testid="severity-counts">
                {SEVERITIES.map((s, i) => (
                  <Link key={s} to={`/findings?severity=${s}&state=open`} className={`sevlink sev-${s}`}>
                    {s} {sev[i]}
                  </Link>
                ))}
              </p>
            </>
          )}
        </div>
      </div>

      <h2>The five practices</h2>
      <table className="grid" data-testid="practices">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Practice</th>
            <th scope="col">Rating</th>
            <th scope="col" className="num">
              Score
            </th>
            <th scope="col" className="num">
              Open
            </th>
            <th scope="col">Summary</th>
          </tr>
        </thead>
        <tbody>
          {d.practices.map((p) => (
            <tr key={p.id}>
              <td>{p.id}</td>
              <td>{p.name}</td>
              <td>
                <span className={`rating rating-${p.rating}`}>{p.rating.replace(/-/g, ' ')}</span>
              </td>
              <td className="num">{p.score === null ? '—' : p.score}</td>
              <td className="num">{p.status === 'assessed' ? p.counts.open : '—'}</td>
              <td className="small">{p.status === 'assessed' ? p.summary : <>Not assessed: {p.reason ?? p.summary}</>}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <div className="cols">
        <div>
          <h2>
            Devices with known-exploited vulnerabilities
            {d.kevDevicesTotal > d.kevDevices.length ? ` (${d.kevDevices.length} of ${d.kevDevicesTotal})` : ''}
          </h2>
          {d.kevDevices.length === 0 ? (
            <Empty>No device in your scope has a vulnerability from the CISA KEV catalog.</Empty>
          ) : (
            <table className="grid">
              <thead>
                <tr>
                  <th scope="col">Device</th>
                  <th scope="col">CVEs</th>
                </tr>
              </thead>
              <tbody>
                {d.kevDevices.map((k) => (
                  <tr key={k.assetId ?? k.name}>
                    <td>{k.assetId ? <Link to={`/assets/${encodeURIComponent(k.assetId)}`}>{k.name}</Link> : k.name}</td>
                    <td className="small">{k.cves.join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div>
          <h2>End of support</h2>
          {d.endOfSupport.length === 0 ? (
            <Empty>No end-of-support dates known for devices in your scope. Import the inventory with lifecycle dates to fill this.</Empty>
          ) : (
            <table className="grid" data-testid="eos">
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Device</th>
                  <th scope="col">Component</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {[...d.endOfSupport]
                  .sort((a, b) => a.date.localeCompare(b.date))
                  .map((e) => (
                    <tr key={`${e.assetId}/${e.component}`}>
                      <td>{day(e.date)}</td>
                      <td>
                        <Link to={`/assets/${encodeURIComponent(e.assetId)}`}>{e.name}</Link>
                      </td>
                      <td>{e.component}</td>
                      <td>
                        <span className={`eos eos-${e.status}`}>{e.status.replace(/-/g, ' ')}</span>
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
      <FeedAges feeds={d.feeds} />
    </div>
  );
}

/** How old each vulnerability feed is: matching is only as good as the newest import. */
function FeedAges({ feeds }: { feeds: Dashboard['feeds'] }) {
  if (feeds.ages.length === 0) return null;
  return (
    <p className="small muted" data-testid="feeds">
      Feeds:{' '}
      {feeds.ages.map((f, i) => (
        <span key={f.feed} className={`feed feed-${f.state}`}>
          {i > 0 && ' · '}
          {f.feed}{' '}
          {f.state === 'missing'
            ? 'not imported'
            : `${f.records.toLocaleString('en')} records${f.ageDays === undefined ? '' : `, ${f.ageDays} days old`}`}
        </span>
      ))}
    </p>
  );
}
