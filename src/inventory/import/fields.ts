/**
 * The canonical inventory columns (docs/inventory.md has the template) and their conversion from text, with a
 * clear message for each value that cannot be used. Column-mapping files rename an export's headers to these
 * fields and translate its vocabulary (e.g. a CMMS "Risk Class" of "Life Support" → criticality life-critical).
 */
import { AppError } from '../../core/errors.js';
import {
  isCriticality,
  isRole,
  MEDIA,
  normalizeAddress,
  normalizeAeTitle,
  normalizeHostname,
  normalizeMac,
  normalizeSerial,
  PATCH_CHANNELS,
  ROLES,
  type AssetInput,
  type Medium,
  type PatchChannel,
} from '../asset.js';

export const FIELDS = [
  'name',
  'site',
  'department',
  'location',
  'zone',
  'role',
  'manufacturer',
  'model',
  'software_version',
  'os',
  'serial',
  'mac',
  'hostname',
  'ip',
  'ae_title',
  'owner',
  'criticality',
  'support_contract',
  'end_of_support',
  'end_of_life',
  'patch_channel',
  'removable_media',
  'autorun',
  'mds2_on_file',
  'notes',
] as const;
export type Field = (typeof FIELDS)[number];
export const isField = (v: string): v is Field => (FIELDS as readonly string[]).includes(v);

export type DateFormat = 'YYYY-MM-DD' | 'DD/MM/YYYY' | 'MM/DD/YYYY' | 'DD.MM.YYYY';

export interface ColumnMapping {
  readonly name: string;
  readonly description?: string;
  readonly delimiter?: string;
  readonly dateFormat?: DateFormat;
  /** Export header (compared case-insensitively, trimmed) → canonical field. */
  readonly columns: Readonly<Record<string, Field>>;
  /** Per field: export vocabulary (case-insensitive) → canonical value. */
  readonly values?: Readonly<Partial<Record<Field, Readonly<Record<string, string>>>>>;
}

/** The template's own headers: every canonical field maps to itself. */
export const TEMPLATE_MAPPING: ColumnMapping = {
  name: 'radguard-template',
  columns: Object.fromEntries(FIELDS.map((f) => [f, f])) as Record<string, Field>,
};

const DATE_FORMATS: readonly DateFormat[] = ['YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY', 'DD.MM.YYYY'];

/** Checks a mapping file's shape; a broken mapping is bad configuration, so it throws with what is wrong. */
export function validateMapping(raw: unknown, source: string): ColumnMapping {
  const fail = (what: string) => {
    throw new AppError('ERR_INVENTORY_MAPPING', `${source}: ${what}`);
  };
  if (!raw || typeof raw !== 'object') fail('a mapping must be a JSON object');
  const m = raw as Record<string, unknown>;
  if (typeof m.name !== 'string') fail('"name" must be a string');
  if (!m.columns || typeof m.columns !== 'object') fail('"columns" must map export headers to fields');
  for (const [header, field] of Object.entries(m.columns as object))
    if (typeof field !== 'string' || !isField(field))
      fail(`column "${header}" maps to "${String(field)}", which is not a field (fields: ${FIELDS.join(', ')})`);
  if (m.dateFormat !== undefined && !DATE_FORMATS.includes(m.dateFormat as DateFormat))
    fail(`"dateFormat" must be one of ${DATE_FORMATS.join(', ')}`);
  if (m.delimiter !== undefined && ![',', ';', '\t'].includes(m.delimiter as string)) fail('"delimiter" must be ",", ";" or a tab');
  for (const [field, table] of Object.entries((m.values ?? {}) as object)) {
    if (!isField(field)) fail(`"values" names "${field}", which is not a field`);
    if (!table || typeof table !== 'object' || Object.values(table).some((v) => typeof v !== 'string'))
      fail(`"values.${field}" must map strings to strings`);
  }
  return m as unknown as ColumnMapping;
}

/** YYYY-MM-DD from the mapping's date format; 'YYYY-MM' means the last day of that month. */
export function parseDate(raw: string, format: DateFormat = 'YYYY-MM-DD'): string | null {
  const v = raw.trim();
  let y: number, mo: number, d: number;
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(v);
  if (m) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /^(\d{4})-(\d{2})$/.exec(v)))
    [y, mo, d] = [Number(m[1]), Number(m[2]), new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate()];
  else if ((m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(v)) && format !== 'YYYY-MM-DD')
    [y, mo, d] = format === 'MM/DD/YYYY' ? [Number(m[3]), Number(m[1]), Number(m[2])] : [Number(m[3]), Number(m[2]), Number(m[1])];
  else return null;
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return null;
  return t.toISOString().slice(0, 10);
}

const BOOL: Record<string, boolean> = {
  yes: true,
  y: true,
  true: true,
  '1': true,
  x: true,
  ja: true,
  oui: true,
  no: false,
  n: false,
  false: false,
  '0': false,
  nein: false,
  non: false,
};
const list = (v: string) =>
  v
    .split(/[;|,\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

export interface CellError {
  readonly field: Field;
  readonly message: string;
}

/** One record's cells (already keyed by canonical field) → an AssetInput, or the problems with its cells. */
export function toAssetInput(cells: ReadonlyMap<Field, string>, mapping: ColumnMapping): { input: AssetInput; errors: CellError[] } {
  const errors: CellError[] = [];
  const out: Record<string, unknown> = {};
  const translate = (field: Field, v: string) => {
    const table = mapping.values?.[field];
    if (!table) return v;
    const hit = Object.entries(table).find(([k]) => k.trim().toLowerCase() === v.trim().toLowerCase());
    return hit ? hit[1] : v;
  };
  const ids = (field: Field, key: string, norm: (v: string) => string | null, what: string) => {
    const vals = list(cells.get(field) ?? '');
    const good: string[] = [];
    for (const v of vals) {
      if (norm(v) === null) errors.push({ field, message: `"${v}" is not a valid ${what}` });
      else good.push(v);
    }
    if (good.length) out[key] = good;
  };
  for (const [field, raw] of cells) {
    const v = translate(field, raw).trim();
    if (!v) continue;
    switch (field) {
      case 'mac':
        ids(field, 'macs', normalizeMac, 'MAC address (expected 12 hex digits, e.g. 00:1b:63:84:45:e6)');
        break;
      case 'ip':
        ids(field, 'addresses', normalizeAddress, 'IP address');
        break;
      case 'hostname':
        ids(field, 'hostnames', normalizeHostname, 'hostname');
        break;
      case 'ae_title': {
        // AE titles may contain spaces, so only ; and | separate several.
        for (const ae of v
          .split(/[;|]/)
          .map((x) => x.trim())
          .filter(Boolean)) {
          if (normalizeAeTitle(ae) === null)
            errors.push({ field, message: `"${ae}" is not a valid AE title (1–16 characters, no backslash)` });
          else out.aeTitles = [...((out.aeTitles as string[]) ?? []), ae];
        }
        break;
      }
      case 'serial':
        if (normalizeSerial(v) === null) errors.push({ field, message: `"${v}" is not a usable serial number (2–64 characters)` });
        else out.serial = v;
        break;
      case 'role':
        if (isRole(v)) out.role = v;
        else if (isRole(v.toUpperCase())) out.role = v.toUpperCase();
        else
          errors.push({
            field,
            message: `"${raw}" is not a role (use a DICOM modality code such as MG, CT, MR, US, or one of ${ROLES.filter((r) => r === r.toLowerCase()).join(', ')}; or add it to the mapping's "values.role")`,
          });
        break;
      case 'criticality':
        if (isCriticality(v.toLowerCase())) out.criticality = v.toLowerCase();
        else
          errors.push({
            field,
            message: `"${raw}" is not a criticality (low, medium, high, life-critical; or map it in "values.criticality")`,
          });
        break;
      case 'patch_channel':
        if ((PATCH_CHANNELS as readonly string[]).includes(v.toLowerCase())) out.patchChannel = v.toLowerCase() as PatchChannel;
        else errors.push({ field, message: `"${raw}" is not a patch channel (vendor-only, site)` });
        break;
      case 'end_of_support':
      case 'end_of_life': {
        const d = parseDate(v, mapping.dateFormat);
        if (d === null) errors.push({ field, message: `"${raw}" is not a date in ${mapping.dateFormat ?? 'YYYY-MM-DD'} form` });
        else out[field === 'end_of_support' ? 'endOfSupport' : 'endOfLife'] = d;
        break;
      }
      case 'removable_media': {
        const media = list(v.toLowerCase()).filter((x) => !['none', '-'].includes(x));
        const unknown = media.filter((x) => !(MEDIA as readonly string[]).includes(x));
        if (unknown.length) errors.push({ field, message: `unknown medium "${unknown[0]}" (use ${MEDIA.join(', ')} or none)` });
        else out.removableMedia = media as Medium[];
        break;
      }
      case 'autorun':
      case 'mds2_on_file': {
        const b = BOOL[v.toLowerCase()];
        if (b === undefined) errors.push({ field, message: `"${raw}" is not yes or no` });
        else out[field === 'autorun' ? 'autorun' : 'mds2OnFile'] = b;
        break;
      }
      case 'software_version':
        out.softwareVersion = v;
        break;
      case 'support_contract':
        out.supportContract = v;
        break;
      default:
        out[field] = v;
    }
  }
  return { input: out as AssetInput, errors };
}
