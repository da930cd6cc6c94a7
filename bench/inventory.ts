/**
 * bench/inventory — the inventory at hospital-group scale, in SQLite: N assets (10,000 then 100,000) with MACs,
 * addresses, roles, OS and end-of-support dates on 200 device models with declared ports, and 10 findings per
 * asset (1,000,000 at 100k). Times, per size:
 *   - re-evaluation after a scan: every asset's host resolved by identity (MAC + address) and judged by all rules
 *     (the inventory rules read the `inventory.declared` the resolver adds), in process, no network — half the
 *     assets one transaction per host as in a live scan, half in one batch as a re-evaluation of a stored scan
 *     (each figure scaled to all N);
 *   - the risk-ranked replacement plan over every asset;
 *   - the executive report (content + PDF).
 * Goals: each < 10 s at 100k assets / 1M findings, the PDF < 5 s. No open reference tool does this: absolute
 * figures and the growth from 10k to 100k. Run: `npx tsx bench/inventory.ts [sizes…]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock, sequentialIds } from '../src/core/clock.js';
import type { HostRecord } from '../src/core/scan.js';
import { replacementPlan } from '../src/inventory/lifecycle/plan.js';
import { executiveReport } from '../src/inventory/report/executive.js';
import { executivePdf } from '../src/inventory/report/executive-pdf.js';
import { inventoryResolver } from '../src/inventory/resolve.js';
import { rules } from '../src/rules/index.js';
import { judge } from '../src/scan/run.js';
import { InventoryStore, modelIdOf } from '../src/store/sqlite/inventory-store.js';
import { SqliteScanStore } from '../src/store/sqlite/scan-store.js';

const AT = '2026-11-30T09:00:00.000Z';
const ROLES = ['MG', 'CT', 'MR', 'US', 'DX', 'pacs', 'workstation', 'dicom-printer', 'ris'];
const OSES = ['Windows 7 SP1', 'Windows 10 Enterprise LTSC 2019', 'Windows 10 22H2', 'Debian 10', 'Ubuntu 22.04', null];
const CRIT = ['low', 'medium', 'high', 'life-critical', 'unknown'];
const SEV = ['info', 'low', 'medium', 'high', 'critical'];
const mac = (i: number) => `02:00:${[24, 16, 8, 0].map((s) => ((i >> s) & 255).toString(16).padStart(2, '0')).join(':')}`;
const ip = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

function generate(db: SqliteScanStore['db'], n: number): void {
  db.transaction(() => {
    const model = db.prepare(
      'INSERT INTO device_models (id, manufacturer, model, role, end_of_support, ports_source) VALUES (?,?,?,?,?,?)',
    );
    const port = db.prepare("INSERT INTO device_model_ports (model_id, port, protocol, service, source) VALUES (?,?,'tcp','x','bench')");
    for (let m = 0; m < 200; m++) {
      const id = modelIdOf(`Vendor${m % 20}`, `Model${m}`);
      model.run(id, `Vendor${m % 20}`, `Model${m}`, ROLES[m % ROLES.length], `${2020 + (m % 15)}-06-30`, 'bench');
      for (const p of [104, 443, 2762]) port.run(id, p);
    }
    const asset = db.prepare(
      "INSERT INTO assets (id, name, model_id, criticality, zone, site, created_at, role, role_source, manufacturer, model_name, os, origin) VALUES (?,?,?,?,'imaging','main',?,?,'declared',?,?,?,'import')",
    );
    const ident = db.prepare('INSERT INTO asset_identifiers (asset_id, kind, value, first_seen, last_seen) VALUES (?,?,?,?,?)');
    const scan = db.prepare(
      "INSERT INTO scans (id, started_at, status, source, targets, vantage, options) VALUES ('scan_bench', ?, 'complete', 'scan', '[]', '{}', '{}')",
    );
    scan.run(AT);
    const finding = db.prepare(
      `INSERT INTO findings (key, rule_id, cve, subject, host, port, severity, title, evidence, remediation, state, first_seen, last_seen, first_scan_id, last_scan_id)
       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,'scan_bench','scan_bench')`,
    );
    for (let i = 0; i < n; i++) {
      const id = `asset_${i}`;
      const m = i % 200;
      asset.run(
        id,
        `DEV-${i}`,
        modelIdOf(`Vendor${m % 20}`, `Model${m}`),
        CRIT[i % CRIT.length],
        AT,
        ROLES[m % ROLES.length],
        `Vendor${m % 20}`,
        `Model${m}`,
        OSES[i % OSES.length],
      );
      ident.run(id, 'mac', mac(i), AT, AT);
      ident.run(id, 'address', ip(i), AT, AT);
      for (let f = 0; f < 10; f++) {
        const state = f < 7 ? 'open' : f === 7 ? 'in-remediation' : f === 8 ? 'resolved' : 'risk-accepted';
        finding.run(
          `${i}-${f}`,
          `rule-${f}`,
          f === 3 ? `CVE-2024-${(i % 9000) + 1000}` : null,
          id,
          ip(i),
          1000 + f,
          SEV[(i + f) % 5],
          'Bench finding',
          'evidence',
          'remediation',
          state,
          '2026-09-01T00:00:00Z',
          AT,
        );
      }
    }
  })();
}

async function run(n: number) {
  const dir = mkdtempSync(join(tmpdir(), 'rg-bench-inv-'));
  const store = SqliteScanStore.open(join(dir, 'bench.db'));
  const t0 = performance.now();
  generate(store.db, n);
  const genS = (performance.now() - t0) / 1000;
  const ids = sequentialIds();
  // The rescan happens a day later, so every identifier's last-seen time is really written.
  const clock = fixedClock('2026-12-01T09:00:00.000Z');
  const inv = new InventoryStore(store.db, ids);
  const resolve = inventoryResolver(inv, { clock, ids });

  const hostAt = (i: number): HostRecord => ({
    address: ip(i),
    assetId: null,
    mac: mac(i),
    macVendor: null,
    hostnames: [],
    alive: true,
    aliveReason: 'syn-ack',
    ports: [104, 443, 3389].map((port) => ({
      port,
      protocol: 'tcp' as const,
      state: 'open' as const,
      service: null,
      product: null,
      version: null,
      cpe: [],
      reason: null,
      rttMs: null,
    })),
    checks: [],
    observations: [],
  });
  // Live scan: one transaction per host, as the scan engine calls the resolver (first half of the assets).
  let t = performance.now();
  let verdicts = 0;
  const half = Math.floor(n / 2);
  for (let i = 0; i < half; i++) {
    const host = hostAt(i);
    const asset = resolve(host)!;
    verdicts += judge({ ...host, assetId: asset.assetId }, rules, asset).length;
  }
  const liveS = ((performance.now() - t) / 1000) * (n / half);
  // Re-evaluation of a stored scan after an inventory change: one transaction for all (the other half).
  t = performance.now();
  inv.batch(() => {
    for (let i = half; i < n; i++) {
      const host = hostAt(i);
      const asset = resolve(host)!;
      verdicts += judge({ ...host, assetId: asset.assetId }, rules, asset).length;
    }
  });
  const evalS = ((performance.now() - t) / 1000) * (n / (n - half));

  t = performance.now();
  const counts = inv.findingCounts();
  const plan = replacementPlan(
    inv.eachAsset(),
    (id) => inv.model(id),
    (id) => counts.get(id) ?? { open: 0, highOrCritical: 0, kev: 0 },
    new Date(AT),
  );
  const planS = (performance.now() - t) / 1000;

  t = performance.now();
  const report = executiveReport(inv, new Date(AT));
  const contentS = (performance.now() - t) / 1000;
  t = performance.now();
  const pdf = await executivePdf(report);
  const pdfS = (performance.now() - t) / 1000;
  store.close();
  rmSync(dir, { recursive: true, force: true });
  return { n, findings: n * 10, genS, liveS, evalS, verdicts, planS, planRows: plan.length, contentS, pdfS, pdfBytes: pdf.length };
}

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((x) => x > 0);
const results = [];
for (const n of sizes.length ? sizes : [10_000, 100_000]) {
  const r = await run(n);
  results.push(r);
  console.log(
    `${r.n.toLocaleString('en')} assets / ${r.findings.toLocaleString('en')} findings: generate ${r.genS.toFixed(1)} s | resolve+judge per host as in a live scan ${r.liveS.toFixed(2)} s | re-evaluation (one transaction) ${r.evalS.toFixed(2)} s (${r.verdicts.toLocaleString('en')} verdicts) | replacement plan ${r.planS.toFixed(2)} s | executive report ${r.contentS.toFixed(2)} s + PDF ${r.pdfS.toFixed(2)} s (${(r.pdfBytes / 1024).toFixed(0)} KiB)`,
  );
}
if (results.length > 1) {
  const [a, b] = [results[0]!, results[results.length - 1]!];
  const g = (x: number, y: number) => (y / x).toFixed(1);
  console.log(
    `growth ${a.n.toLocaleString('en')} → ${b.n.toLocaleString('en')} (×${b.n / a.n}): live resolve ×${g(a.liveS, b.liveS)}, re-evaluation ×${g(a.evalS, b.evalS)}, plan ×${g(a.planS, b.planS)}, report ×${g(a.contentS + a.pdfS, b.contentS + b.pdfS)}`,
  );
  const goals = [b.evalS < 10, b.planS < 10, b.contentS + b.pdfS < 10, b.pdfS < 5];
  console.log(
    `goals at ${b.n.toLocaleString('en')}: re-evaluation < 10 s ${goals[0] ? 'met' : 'MISSED'}, plan < 10 s ${goals[1] ? 'met' : 'MISSED'}, report < 10 s ${goals[2] ? 'met' : 'MISSED'}, PDF < 5 s ${goals[3] ? 'met' : 'MISSED'}`,
  );
}
