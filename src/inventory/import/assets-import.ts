/**
 * Asset imports: CSV through a column mapping (the template, a CMMS export, a CMDB export …), JSON with the
 * template's field names, and nmap XML (addresses, MACs, hostnames). Each record is resolved against the
 * inventory (inventory/identity.ts) in its own transaction; a bad record is reported with its line and column
 * (JSON: its index and field) and skipped, and every good record is kept.
 */
import { AppError } from '../../core/errors.js';
import { parseNmapXml } from '../../scan/nmap-import.js';
import type { InventoryStore } from '../../store/sqlite/inventory-store.js';
import type { AssetInput } from '../asset.js';
import { parseCsv } from './csv.js';
import { jsonErrorAt } from './json-position.js';
import { FIELDS, isField, toAssetInput, type ColumnMapping, type Field } from './fields.js';

export interface ImportProblem {
  readonly line: number | null; // CSV: physical line; JSON: line of the parse error only
  readonly column: number | null; // CSV: 1-based column
  readonly where: string; // 'mac' column header, JSON path, or 'row'
  readonly message: string;
}

export interface ImportResult {
  readonly records: number;
  readonly imported: number;
  readonly created: number;
  readonly updated: number;
  readonly merged: number;
  readonly moved: number;
  readonly problems: readonly ImportProblem[];
}

const hasIdentity = (i: AssetInput) =>
  Boolean(i.serial || i.macs?.length || i.addresses?.length || i.hostnames?.length || i.aeTitles?.length);

class Tally {
  records = 0;
  imported = 0;
  created = 0;
  updated = 0;
  merged = 0;
  moved = 0;
  problems: ImportProblem[] = [];
  apply(store: InventoryStore, input: AssetInput, source: string, at: string) {
    const r = store.upsert(input, source, at, 'import');
    this.imported++;
    if (r.created) this.created++;
    else this.updated++;
    this.merged += r.decision.merge.length;
    this.moved += r.decision.moves.length;
  }
  result(): ImportResult {
    const { records, imported, created, updated, merged, moved, problems } = this;
    return { records, imported, created, updated, merged, moved, problems };
  }
}

export function importCsv(text: string, mapping: ColumnMapping, store: InventoryStore, opts: { source: string; at: string }): ImportResult {
  const t = new Tally();
  const csv = parseCsv(text, mapping.delimiter);
  t.problems.push(...csv.errors.map((e) => ({ line: e.line, column: e.column, where: 'row', message: e.message })));
  const [header, ...rows] = csv.records;
  if (!header) throw new AppError('ERR_INVENTORY_IMPORT', `${opts.source}: the file is empty (expected a header line)`);
  const byHeader = new Map(Object.entries(mapping.columns).map(([h, f]) => [h.trim().toLowerCase(), f]));
  const columns: Array<Field | null> = header.cells.map((h) => byHeader.get(h.trim().toLowerCase()) ?? null);
  if (!columns.some((c) => c && ['serial', 'mac', 'ip', 'hostname', 'ae_title'].includes(c)))
    throw new AppError(
      'ERR_INVENTORY_IMPORT',
      `${opts.source}: no header maps to an identifier column (serial, mac, ip, hostname or ae_title) with mapping "${mapping.name}"; headers found: ${header.cells.join(', ')}`,
    );
  const colOf = (f: Field) => columns.indexOf(f) + 1;
  for (const row of rows) {
    t.records++;
    const cells = new Map<Field, string>();
    if (row.cells.length > header.cells.length && row.cells.slice(header.cells.length).some((c) => c.trim())) {
      t.problems.push({
        line: row.line,
        column: header.cells.length + 1,
        where: 'row',
        message: `${row.cells.length} cells but the header has ${header.cells.length}: is a delimiter inside an unquoted cell?`,
      });
      continue;
    }
    row.cells.forEach((v, i) => {
      const f = columns[i];
      if (f) cells.set(f, cells.has(f) && v.trim() ? `${cells.get(f)};${v}` : cells.get(f) || v);
    });
    const { input, errors } = toAssetInput(cells, mapping);
    if (errors.length) {
      t.problems.push(
        ...errors.map((e) => ({
          line: row.line,
          column: colOf(e.field),
          where: header.cells[colOf(e.field) - 1] ?? e.field,
          message: e.message,
        })),
      );
      continue;
    }
    if (!hasIdentity(input)) {
      t.problems.push({
        line: row.line,
        column: null,
        where: 'row',
        message: 'no serial, MAC, IP address, hostname or AE title: the device could not be matched later',
      });
      continue;
    }
    t.apply(store, input, opts.source, opts.at);
  }
  return t.result();
}

export function importJson(text: string, store: InventoryStore, opts: { source: string; at: string }): ImportResult {
  const t = new Tally();
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const lc = jsonErrorAt(text);
    throw new AppError(
      'ERR_INVENTORY_IMPORT',
      `${opts.source}: not valid JSON${lc ? ` (line ${lc.line}, column ${lc.column})` : ''}: ${(e as Error).message.slice(0, 200)}`,
    );
  }
  const list = Array.isArray(doc) ? doc : (doc as { assets?: unknown })?.assets;
  if (!Array.isArray(list)) throw new AppError('ERR_INVENTORY_IMPORT', `${opts.source}: expected an array of assets or {"assets": [...]}`);
  list.forEach((item, index) => {
    t.records++;
    const path = `assets[${index}]`;
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      t.problems.push({ line: null, column: null, where: path, message: 'not an object' });
      return;
    }
    const cells = new Map<Field, string>();
    const bad: ImportProblem[] = [];
    for (const [k, v] of Object.entries(item as Record<string, unknown>)) {
      if (!isField(k)) {
        bad.push({ line: null, column: null, where: `${path}.${k}`, message: `unknown field (fields: ${FIELDS.join(', ')})` });
        continue;
      }
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) cells.set(k, v.join(';'));
      else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') cells.set(k, String(v));
      else if (v !== null)
        bad.push({ line: null, column: null, where: `${path}.${k}`, message: 'must be a string, number, boolean or list of strings' });
    }
    const { input, errors } = toAssetInput(cells, { name: 'json', columns: {} });
    bad.push(...errors.map((e) => ({ line: null, column: null, where: `${path}.${e.field}`, message: e.message })));
    if (!bad.length && !hasIdentity(input))
      bad.push({ line: null, column: null, where: path, message: 'no serial, mac, ip, hostname or ae_title' });
    if (bad.length) t.problems.push(...bad);
    else t.apply(store, input, opts.source, opts.at);
  });
  return t.result();
}

/** nmap -oX: each host that was up becomes (or refreshes) an asset by MAC, hostname and address. */
export function importNmapAssets(text: string, store: InventoryStore, opts: { source: string; at: string }): ImportResult {
  const t = new Tally();
  for (const h of parseNmapXml(text, opts.source).hosts) {
    t.records++;
    if (!h.alive) continue;
    t.apply(store, { addresses: [h.address], macs: h.mac ? [h.mac] : [], hostnames: h.hostnames }, opts.source, opts.at);
  }
  return t.result();
}
