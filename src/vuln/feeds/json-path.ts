/**
 * Reading untrusted feed JSON field by field. Every accessor knows the JSON path it is at, so a malformed file
 * fails with its name and the exact place (`$.vulnerabilities[12].cve.configurations[0].nodes`), and optional
 * fields that are absent stay absent instead of becoming defaults.
 */
import { AppError } from '../../core/errors.js';

export class FeedParseError extends AppError {
  constructor(readonly file: string, readonly path: string, what: string) {
    super('ERR_FEED_PARSE', `${file}: ${path}: ${what}`);
    this.name = 'FeedParseError';
  }
}

export class At {
  #path: string | undefined;
  /**
   * A child knows its parent and its key; the path text is built only when an error needs it — a full NVD import
   * reads ~100 fields per record, and formatting every path up front cost more than reading the values.
   */
  constructor(readonly file: string, path: string | undefined, readonly value: unknown, private readonly up?: At, private readonly step?: string | number) {
    this.#path = path;
  }

  get path(): string {
    if (this.#path === undefined) {
      const up = this.up!.path;
      const k = this.step!;
      this.#path = typeof k === 'number' ? `${up}[${k}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `${up}.${k}` : `${up}[${JSON.stringify(k)}]`;
    }
    return this.#path;
  }

  fail(what: string): never {
    throw new FeedParseError(this.file, this.path, what);
  }
  get(key: string): At {
    const o = this.object();
    return new At(this.file, undefined, o[key], this, key);
  }
  has(key: string): boolean {
    return this.isObject() && (this.value as Record<string, unknown>)[key] !== undefined && (this.value as Record<string, unknown>)[key] !== null;
  }
  isObject(): boolean {
    return typeof this.value === 'object' && this.value !== null && !Array.isArray(this.value);
  }
  object(): Record<string, unknown> {
    if (!this.isObject()) this.fail(`expected an object, found ${kind(this.value)}`);
    return this.value as Record<string, unknown>;
  }
  items(): At[] {
    if (!Array.isArray(this.value)) this.fail(`expected an array, found ${kind(this.value)}`);
    return (this.value as unknown[]).map((v, i) => new At(this.file, undefined, v, this, i));
  }
  /** An array that may be absent (null/undefined → []). */
  optItems(): At[] {
    return this.value === undefined || this.value === null ? [] : this.items();
  }
  str(): string {
    if (typeof this.value !== 'string') this.fail(`expected a string, found ${kind(this.value)}`);
    return this.value as string;
  }
  optStr(): string | undefined {
    return this.value === undefined || this.value === null ? undefined : this.str();
  }
  num(): number {
    if (typeof this.value !== 'number' || !Number.isFinite(this.value)) this.fail(`expected a number, found ${kind(this.value)}`);
    return this.value as number;
  }
  optNum(): number | undefined {
    return this.value === undefined || this.value === null ? undefined : this.num();
  }
  bool(): boolean {
    if (typeof this.value !== 'boolean') this.fail(`expected true or false, found ${kind(this.value)}`);
    return this.value as boolean;
  }
  optBool(): boolean | undefined {
    return this.value === undefined || this.value === null ? undefined : this.bool();
  }
}

const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);

export const root = (file: string, value: unknown): At => new At(file, '$', value);
