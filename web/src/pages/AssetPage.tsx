/**
 * One device: identity, what the latest scan saw (ports and services, checks that could not assess and why),
 * its findings and vulnerabilities (each opens with evidence, the reason it matters and the score explanation),
 * the SBOMs on file for it and its model, lifecycle, notes and the inventory history. Everything comes from the API, scoped to the caller.
 */
import { useState } from 'react';
import { get, send } from '../api';
import { FormError, SubmitButton, useSubmit } from '../components/forms';
import { Link } from '../router';
import { canRecordVex, canUploadSboms, type AssetDetail, type DocumentUploaded, type FindingSummary, type Me, type Page } from '../types';
import { dash, day, Empty, Facts, findingLabel, Loaded, Severity, State, useAsync, when } from '../ui';

export function AssetPage({ id, me }: { id: string; me: Me }) {
  const asset = useAsync(() => get<AssetDetail>(`/api/assets/${encodeURIComponent(id)}`), [id]);
  return (
    <Loaded state={asset} what="this asset">
      {(a) => <AssetBody a={a} me={me} reload={asset.reload} />}
    </Loaded>
  );
}

function AssetBody({ a, me, reload }: { a: AssetDetail; me: Me; reload: () => void }) {
  const findings = useAsync(async () => {
    // A device the inventory lists without an address is judged at the desk, its findings kept under its asset id.
    const pages = await Promise.all(
      [...a.addresses, a.id].map((host) => get<Page<FindingSummary>>('/api/findings', { host, limit: 500, sort: 'severity' })),
    );
    return pages.flatMap((p) => p.items);
  }, [a]); // a new SBOM re-assessed on this page reloads the asset, and with it its findings

  return (
    <section>
      <p className="crumbs">
        <Link to="/assets">Assets</Link> /
      </p>
      <h1>{a.name ?? a.hostnames[0] ?? a.addresses[0] ?? a.id}</h1>
      <p className="muted">
        {[a.manufacturer, a.model, a.softwareVersion && `software ${a.softwareVersion}`].filter(Boolean).join(' · ') ||
          'Manufacturer and model unknown'}
      </p>
      <div className="cols">
        <div>
          <h2>Identity</h2>
          <Facts
            rows={[
              ['Asset id', <code>{a.id}</code>],
              ['Addresses', a.addresses.join(', ')],
              ['MAC', a.macs.join(', ')],
              ['Hostnames', a.hostnames.join(', ')],
              ['AE titles', (a.aeTitles ?? []).join(', ')],
              ['Serial', a.serial],
              ['Operating system', a.os],
              ['Site', a.site],
              ['Department', a.department],
              ['Location', a.location],
              ['Zone', a.zone],
              ['Role', a.role],
              ['Criticality', a.criticality],
              ['Owner', a.owner],
              ['Origin', a.origin],
            ]}
          />
        </div>
        <div>
          <h2>Lifecycle</h2>
          <Facts
            rows={[
              ['End of support', day(a.endOfSupport)],
              ['End of life', day(a.endOfLife)],
              ['Support contract', a.supportContract],
              ['Patch channel', a.patchChannel],
              ['MDS2 form on file', a.mds2OnFile === undefined ? null : a.mds2OnFile ? 'yes' : 'no'],
              ['Removable media', (a.removableMedia ?? []).join(', ')],
              ['Autorun', a.autorun === null || a.autorun === undefined ? null : a.autorun ? 'enabled' : 'disabled'],
              ['First recorded', when(a.createdAt)],
              ['Last updated', when(a.updatedAt)],
            ]}
          />
          <h2>Notes</h2>
          {a.notes ? <p className="notes">{a.notes}</p> : <Empty>No notes. Notes come from the inventory import.</Empty>}
        </div>
      </div>

      <h2>Ports and services</h2>
      {!a.services || a.services.length === 0 ? (
        <Empty>No scan has reached this device yet.</Empty>
      ) : (
        a.services.map((s) => (
          <div key={s.address}>
            <p className="small muted">
              {s.address}, seen by scan <Link to={`/scans/${encodeURIComponent(s.scanId)}`}>{s.scanId}</Link> on {when(s.scannedAt)}
            </p>
            {s.ports.length === 0 ? (
              <Empty>No open port found on {s.address}.</Empty>
            ) : (
              <table className="grid" data-testid="ports">
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      Port
                    </th>
                    <th scope="col">Protocol</th>
                    <th scope="col">Service</th>
                    <th scope="col">Product</th>
                    <th scope="col">Version</th>
                  </tr>
                </thead>
                <tbody>
                  {s.ports.map((p) => (
                    <tr key={`${p.protocol}/${p.port}`}>
                      <td className="num">{p.port}</td>
                      <td>{p.protocol}</td>
                      <td>{dash(p.service)}</td>
                      <td>{dash(p.product)}</td>
                      <td>{dash(p.version)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <h3>Checks not assessed</h3>
            {s.notAssessed.length === 0 ? (
              <Empty>Every check that applied to this device ran to the end.</Empty>
            ) : (
              <table className="grid">
                <thead>
                  <tr>
                    <th scope="col">Check</th>
                    <th scope="col" className="num">
                      Port
                    </th>
                    <th scope="col">Outcome</th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {s.notAssessed.map((c, i) => (
                    <tr key={i}>
                      <td>{c.probeId}</td>
                      <td className="num">{dash(c.port)}</td>
                      <td>{c.status.replace(/-/g, ' ')}</td>
                      <td className="small">{dash(c.detail)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        ))
      )}

      <Loaded state={findings} what="the findings of this asset">
        {(list) => (
          <>
            <h2>Findings</h2>
            <FindingTable items={list.filter((f) => !f.cve)} empty="No configuration findings on this device." />
            <h2>Vulnerabilities</h2>
            <FindingTable
              items={list.filter((f) => f.cve)}
              empty="No known vulnerability matched the software identified on this device, listed in its SBOMs, or named by its inventory record."
            />
          </>
        )}
      </Loaded>

      <h2>Software bills of materials</h2>
      {!a.sboms || a.sboms.length === 0 ? (
        <Empty>No SBOM on file for this device or its model (radguard sbom import FILE --model "Manufacturer Model").</Empty>
      ) : (
        <table className="grid" data-testid="sboms">
          <thead>
            <tr>
              <th scope="col">SBOM</th>
              <th scope="col">Describes</th>
              <th scope="col">Format</th>
              <th scope="col" className="num">
                Components
              </th>
              <th scope="col">Imported</th>
            </tr>
          </thead>
          <tbody>
            {a.sboms.map((b) => (
              <tr key={b.id}>
                <td>
                  {b.file} <span className="small muted">#{b.id}</span>
                </td>
                <td>{b.scope === 'model' ? `model ${b.model}` : 'this device'}</td>
                <td>
                  {b.format} {b.specVersion}
                </td>
                <td className="num">{b.components}</td>
                <td className="t">{when(b.importedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {canUploadSboms(me.role) && <DocumentUpload kind="sbom" a={a} onDone={reload} />}
      {canRecordVex(me.role) && <DocumentUpload kind="vex" a={a} onDone={reload} />}

      <h2>History</h2>
      {!a.history || a.history.length === 0 ? (
        <Empty>No recorded changes.</Empty>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Change</th>
              <th scope="col">Detail</th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {a.history.map((e, i) => (
              <tr key={i}>
                <td className="t">{when(e.at)}</td>
                <td>{e.kind.replace(/-/g, ' ')}</td>
                <td className="small">
                  {Object.entries(e.detail)
                    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
                    .join('; ')}
                </td>
                <td className="small">{e.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function FindingTable({ items, empty }: { items: FindingSummary[]; empty: string }) {
  if (items.length === 0) return <Empty>{empty}</Empty>;
  return (
    <table className="grid">
      <thead>
        <tr>
          <th scope="col">Severity</th>
          <th scope="col">Finding</th>
          <th scope="col" className="num">
            Port
          </th>
          <th scope="col">State</th>
          <th scope="col">Last seen</th>
        </tr>
      </thead>
      <tbody>
        {items.map((f) => (
          <tr key={f.key}>
            <td>
              <Severity value={f.severity} />
            </td>
            <td>
              <Link to={`/findings/${f.key}`}>{findingLabel(f)}</Link>
            </td>
            <td className="num">{dash(f.port)}</td>
            <td>
              <State value={f.state} />
            </td>
            <td>{day(f.lastSeen)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The two documents a device's software is judged by, as the upload form sends and words them. */
const DOCUMENTS = {
  sbom: {
    title: 'Upload an SBOM',
    file: 'SBOM file (CycloneDX JSON or XML, SPDX JSON or tag-value)',
    accept: '.json,.xml,.spdx,.txt',
    url: '/api/sboms',
    stored: (r: DocumentUploaded, name: string) =>
      `Stored ${name} as SBOM #${r.id}: ${r.components} components, ${r.matchable} with a CPE or purl; it describes ${Array.isArray(r.assets) ? r.assets.length : 0} device(s).` +
      (r.schemaIssueCount ? ` ${r.schemaIssueCount} violation(s) of the published schema (stored all the same).` : ''),
  },
  vex: {
    title: 'Upload a VEX',
    file: 'VEX document (CycloneDX VEX, CSAF VEX or OpenVEX)',
    accept: '.json',
    url: '/api/vex',
    stored: (r: DocumentUploaded, name: string) =>
      `Recorded ${r.statements} statement(s) of ${name} for ${r.scope}; they concern ${typeof r.assets === 'number' ? r.assets : 0} device(s).` +
      (r.proposed ? ` ${r.proposed} of them (not affected, false positive) await the site's approval before they change a finding.` : ''),
  },
} as const;

/**
 * Stores an SBOM (POST /api/sboms) or records a VEX (POST /api/vex) for this device or for its model, and by default
 * re-assesses the devices concerned at once, so the result shows here without waiting for a scan (no network
 * traffic).
 */
function DocumentUpload({ kind, a, onDone }: { kind: keyof typeof DOCUMENTS; a: AssetDetail; onDone: () => void }) {
  const doc = DOCUMENTS[kind];
  const model = [a.manufacturer, a.model].filter(Boolean).join(' ');
  const [file, setFile] = useState<File | null>(null);
  const [forModel, setForModel] = useState(Boolean(a.model));
  const [reassess, setReassess] = useState(true);
  const [result, setResult] = useState<string | null>(null);
  const { busy, error, onSubmit } = useSubmit();
  const upload = async () => {
    const r = await send<DocumentUploaded>('POST', doc.url, {
      fileName: file!.name,
      content: await file!.text(),
      ...(forModel ? { model } : { assetId: a.id }),
      reassess,
    });
    if (!r) return;
    const re = r.reassessment;
    setResult(
      `${doc.stored(r, file!.name)} ${
        re?.skipped
          ? `Not re-assessed: ${re.skipped}.`
          : re
            ? `Re-assessed ${re.devices} device(s)${re.unprobed ? ` (${re.unprobed} no scan has probed, judged on their inventory facts and SBOMs)` : ''}: ${re.opened} new finding(s), ${re.reopened} reopened, ${re.resolved} resolved, ${re.falsePositive} false positive(s).`
            : "The devices' next scan applies it."
      }`,
    );
    onDone();
  };
  const name = kind === 'sbom' ? 'sbom' : 'vex';
  return (
    <form className="panel" aria-label={doc.title} onSubmit={onSubmit(upload, { check: () => (file ? null : 'Choose a file first.') })}>
      <h3>{doc.title}</h3>
      <label>
        {doc.file}
        <input type="file" name={name} accept={doc.accept} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>
      <fieldset>
        <legend>It concerns</legend>
        <label className="inline">
          <input type="radio" name={`${name}-concerns`} checked={forModel} disabled={!a.model} onChange={() => setForModel(true)} />
          every device of model {model || '(model unknown)'}
        </label>
        <label className="inline">
          <input type="radio" name={`${name}-concerns`} checked={!forModel} onChange={() => setForModel(false)} />
          this device only
        </label>
      </fieldset>
      <label className="inline">
        <input type="checkbox" name={`${name}-reassess`} checked={reassess} onChange={(e) => setReassess(e.target.checked)} />
        Re-assess the devices it concerns now (no network traffic)
      </label>
      <SubmitButton busy={busy} busyLabel="Uploading…">
        {doc.title.replace(' an ', ' ').replace(' a ', ' ')}
      </SubmitButton>
      <FormError message={error} />
      {result && <p role="status">{result}</p>}
    </form>
  );
}
