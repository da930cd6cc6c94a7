/**
 * Device-model catalog imports: a models CSV (manufacturer, model, role, os, end_of_support, end_of_life,
 * latest_version, sbom_url, ports) and a per-model ports CSV (manufacturer, model, port, protocol, service,
 * purpose) — the form vendors' port lists usually take. Bad rows are reported by line and column; good rows kept.
 */
import { AppError } from '../../core/errors.js';
import type { InventoryStore } from '../../store/sqlite/inventory-store.js';
import { isRole, type Role } from '../asset.js';
import { parsePortList, type DeclaredPort, type DeviceModelInput } from '../device-model.js';
import { parseCsv } from './csv.js';
import { parseDate } from './fields.js';
import type { ImportProblem } from './assets-import.js';

export interface ModelImportResult {
  readonly models: number;
  readonly ports: number;
  readonly problems: readonly ImportProblem[];
}

function table(text: string, source: string, required: readonly string[]) {
  const csv = parseCsv(text);
  const [header, ...rows] = csv.records;
  if (!header) throw new AppError('ERR_INVENTORY_IMPORT', `${source}: the file is empty (expected a header line)`);
  const names = header.cells.map((h) =>
    h
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_'),
  );
  const missing = required.filter((r) => !names.includes(r));
  if (missing.length)
    throw new AppError('ERR_INVENTORY_IMPORT', `${source}: missing column(s) ${missing.join(', ')}; found ${header.cells.join(', ')}`);
  const problems: ImportProblem[] = csv.errors.map((e) => ({ line: e.line, column: e.column, where: 'row', message: e.message }));
  const col = (name: string) => names.indexOf(name);
  return {
    rows,
    problems,
    get: (cells: readonly string[], name: string) => (col(name) >= 0 ? (cells[col(name)] ?? '').trim() : ''),
    col: (name: string) => col(name) + 1,
  };
}

export function importModelsCsv(text: string, store: InventoryStore, opts: { source: string; at: string }): ModelImportResult {
  const t = table(text, opts.source, ['manufacturer', 'model']);
  let models = 0;
  let ports = 0;
  for (const row of t.rows) {
    const get = (n: string) => t.get(row.cells, n);
    const bad = (n: string, message: string) => t.problems.push({ line: row.line, column: t.col(n), where: n, message });
    const before = t.problems.length;
    if (!get('manufacturer')) bad('manufacturer', 'manufacturer is empty');
    if (!get('model')) bad('model', 'model is empty');
    const input: { -readonly [K in keyof DeviceModelInput]: DeviceModelInput[K] } = {
      manufacturer: get('manufacturer'),
      model: get('model'),
    };
    if (get('role')) {
      const r = isRole(get('role')) ? get('role') : get('role').toUpperCase();
      if (isRole(r)) input.role = r as Role;
      else bad('role', `"${get('role')}" is not a role`);
    }
    for (const [col, key] of [
      ['end_of_support', 'endOfSupport'],
      ['end_of_life', 'endOfLife'],
    ] as const) {
      if (!get(col)) continue;
      const d = parseDate(get(col));
      if (d) input[key] = d;
      else bad(col, `"${get(col)}" is not a date (YYYY-MM-DD or YYYY-MM)`);
    }
    if (get('os')) input.os = get('os');
    if (get('latest_version')) input.latestVersion = get('latest_version');
    if (get('sbom_url')) {
      if (/^https?:\/\/\S+$/.test(get('sbom_url'))) input.sbomUrl = get('sbom_url');
      else bad('sbom_url', `"${get('sbom_url')}" is not an http(s) URL`);
    }
    if (get('ports')) {
      const p = parsePortList(get('ports'));
      if (p.bad.length)
        bad('ports', `cannot read port(s) ${p.bad.map((b) => `"${b}"`).join(', ')} (write e.g. "104/tcp; 2762/tcp (DICOM TLS)")`);
      else {
        input.ports = p.ports;
        input.portsSource = `models-csv:${opts.source}`;
      }
    }
    if (t.problems.length > before) continue;
    store.upsertModel(input, opts.at);
    models++;
    ports += input.ports?.length ?? 0;
  }
  return { models, ports, problems: t.problems };
}

export function importPortsCsv(text: string, store: InventoryStore, opts: { source: string; at: string }): ModelImportResult {
  const t = table(text, opts.source, ['manufacturer', 'model', 'port']);
  const byModel = new Map<string, { manufacturer: string; model: string; ports: DeclaredPort[] }>();
  for (const row of t.rows) {
    const get = (n: string) => t.get(row.cells, n);
    const bad = (n: string, message: string) => t.problems.push({ line: row.line, column: t.col(n), where: n, message });
    if (!get('manufacturer') || !get('model')) {
      bad(get('manufacturer') ? 'model' : 'manufacturer', 'manufacturer and model are both needed');
      continue;
    }
    const proto = (get('protocol') || 'tcp').toLowerCase();
    if (proto !== 'tcp' && proto !== 'udp') {
      bad('protocol', `"${get('protocol')}" is not tcp or udp`);
      continue;
    }
    const p = parsePortList(get('port'), proto);
    if (p.bad.length || p.ports.length === 0) {
      bad('port', `"${get('port')}" is not a port or range (1–65535)`);
      continue;
    }
    const key = `${get('manufacturer').toLowerCase()}\u0000${get('model').toLowerCase()}`;
    const entry = byModel.get(key) ?? { manufacturer: get('manufacturer'), model: get('model'), ports: [] };
    for (const port of p.ports)
      entry.ports.push({
        ...port,
        ...(get('service') ? { service: get('service') } : {}),
        ...(get('purpose') ? { purpose: get('purpose') } : {}),
      });
    byModel.set(key, entry);
  }
  let ports = 0;
  for (const m of byModel.values()) {
    store.upsertModel({ manufacturer: m.manufacturer, model: m.model, ports: m.ports, portsSource: `ports-csv:${opts.source}` }, opts.at);
    ports += m.ports.length;
  }
  return { models: byModel.size, ports, problems: t.problems };
}
