/**
 * Network segmentation from the latest check (GET /api/segmentation): the zone × zone matrix (violation, only
 * allowed flows, nothing observed, not assessed and why), the violations with evidence, and the server's diagram.
 * The SVG is shown as an <img> from a data: URL, never inserted into the page: an image cannot run script, whatever
 * the file holds.
 */
import { get } from '../api';
import { Empty, Loaded, Severity, useAsync, when } from '../ui';

interface Cell {
  from: string;
  to: string;
  status: 'violation' | 'allowed-only' | 'nothing-observed' | 'not-assessed';
  allowed: string[];
  allowedServices: string[];
  observed: { host: string; port: number; protocol: string; allowedBy: number | null }[];
  violations: number;
  notAssessed: string | null;
}
interface Violation {
  ruleId: string;
  severity: string;
  title: string;
  remediation: string;
  fromZone: string;
  toZone: string;
  host: string;
  port: number;
  protocol: string;
  service: string | null;
  evidence: string;
}
interface Segmentation {
  checkId: string | null;
  at: string | null;
  source: 'scan' | 'traffic' | null;
  site: string | null;
  zones: { name: string; purpose: string; cidrs: string[] }[];
  matrix: Cell[];
  violations: Violation[];
  notAssessed: { from: string; to: string | null; reason: string }[];
  svg: string | null;
}

const svgUrl = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
const STATUS_TEXT: Record<Cell['status'], string> = {
  violation: 'violation',
  'allowed-only': 'allowed only',
  'nothing-observed': 'nothing seen',
  'not-assessed': 'not assessed',
};

export function SegmentationPage() {
  const state = useAsync(() => get<Segmentation>('/api/segmentation'), []);
  return (
    <section>
      <h1>Segmentation</h1>
      <Loaded state={state} what="the segmentation view">
        {(s) =>
          s.checkId === null ? (
            <Empty>
              No segmentation check yet. Define the zones and their allowed flows (radguard zones), then run a check from each vantage point
              (radguard segmentation check) or import traffic.
            </Empty>
          ) : (
            <>
              <p className="muted small">
                Check {s.checkId} from {s.source === 'traffic' ? 'observed traffic' : 'a scan'} on {when(s.at)}
                {s.site ? ` · site ${s.site}` : ''}
              </p>
              <h2>Zone matrix</h2>
              <Matrix zones={s.zones.map((z) => z.name)} cells={s.matrix} />
              <h2>Violations ({s.violations.length})</h2>
              {s.violations.length === 0 ? (
                <Empty>No flow against the zone policy was seen.</Empty>
              ) : (
                <table className="grid">
                  <thead>
                    <tr>
                      <th scope="col">Severity</th>
                      <th scope="col">From → to</th>
                      <th scope="col">Service reached</th>
                      <th scope="col">What it means</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.violations.map((v, i) => (
                      <tr key={i}>
                        <td>
                          <Severity value={v.severity} />
                        </td>
                        <td>
                          {v.fromZone} → {v.toZone}
                        </td>
                        <td>
                          {v.host} {v.protocol}/{v.port}
                          {v.service ? ` (${v.service})` : ''}
                        </td>
                        <td className="small">
                          <strong>{v.title}.</strong> {v.evidence} <span className="muted">{v.remediation}</span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <h2>Not assessed ({s.notAssessed.length})</h2>
              {s.notAssessed.length === 0 ? (
                <Empty>Every zone pair with a policy was assessed.</Empty>
              ) : (
                <ul className="plain">
                  {s.notAssessed.map((n, i) => (
                    <li key={i}>
                      {n.from} → {n.to ?? 'any zone'}: {n.reason}
                    </li>
                  ))}
                </ul>
              )}
              <h2>Diagram</h2>
              {s.svg ? (
                <img className="diagram" src={svgUrl(s.svg)} alt="Zones, the flows allowed between them and the violations seen" />
              ) : (
                <Empty>No diagram for this check.</Empty>
              )}
            </>
          )
        }
      </Loaded>
    </section>
  );
}

function Matrix({ zones, cells }: { zones: string[]; cells: Cell[] }) {
  if (zones.length === 0) return <Empty>No zones defined.</Empty>;
  const cell = (f: string, t: string) => cells.find((c) => c.from === f && c.to === t);
  return (
    <table className="grid matrix">
      <caption className="small muted">Rows: from zone; columns: to zone.</caption>
      <thead>
        <tr>
          <th scope="col">from \ to</th>
          {zones.map((z) => (
            <th key={z} scope="col">
              {z}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {zones.map((f) => (
          <tr key={f}>
            <th scope="row">{f}</th>
            {zones.map((t) => {
              const c = cell(f, t);
              if (!c) return <td key={t}>—</td>;
              const title = c.notAssessed ?? (c.allowed.length ? `allowed: ${c.allowed.join(', ')}` : 'no flow allowed');
              return (
                <td key={t} className={`cell cell-${c.status}`} title={title}>
                  {STATUS_TEXT[c.status]}
                  {c.violations > 0 && ` (${c.violations})`}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
