/**
 * DICOM media scanner (practice 3, "older CD drives"): walks a mounted CD/DVD or a folder and flags
 *  - executable code in the 128-byte preamble of DICOM Part 10 files (PE/ELF/Mach-O/script polyglots,
 *    CVE-2019-11687), while accepting the all-zero preamble and the TIFF dual-personality header PS3.10 allows;
 *  - an autorun.inf that launches something when the disc is inserted;
 *  - executables on the medium (by signature or extension).
 * It reads at most the first 132 bytes of a file (plus 4 bytes to confirm a PE header) and never parses a data
 * set, so no patient data is read. Folder names on patient media are often patient names: output names files
 * by walk index and a hash of their relative path, and shows a file name only for executables and autorun.inf
 * whose names are plain ASCII. Symbolic links are not followed.
 */
import { createHash } from 'node:crypto';
import { closeSync, lstatSync, openSync, readdirSync, readSync, readFileSync, type Stats } from 'node:fs';
import { join, relative, sep } from 'node:path';

export type MediaFindingKind = 'pe-preamble' | 'elf-preamble' | 'macho-preamble' | 'script-preamble' | 'autorun' | 'executable';

export interface MediaFile {
  readonly index: number; // position in the sorted walk
  readonly pathHash: string; // sha256 of the relative path, 16 hex digits
  readonly depth: number;
  readonly name?: string; // only for executables and autorun.inf with plain names
}

export interface MediaFinding {
  readonly kind: MediaFindingKind;
  readonly severity: 'high' | 'medium' | 'low';
  readonly file: MediaFile;
  readonly detail: string;
}

export interface MediaReport {
  readonly files: number;
  readonly dicomFiles: number;
  readonly preambles: { readonly zero: number; readonly tiff: number; readonly other: number };
  readonly findings: readonly MediaFinding[];
  readonly skipped: { readonly symlinks: number; readonly unreadable: number; readonly tooDeep: number };
  readonly truncated: boolean; // stopped at the file limit
}

const EXEC_EXT = /\.(exe|dll|com|scr|pif|bat|cmd|ps1|vbs|vbe|js|jse|wsf|hta|msi|jar|sh|app|dylib|so)$/i;
const PLAIN_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const MAX_DEPTH = 32;

/** What the first bytes of a file are, if they are code. */
export function codeSignature(b: Buffer): { kind: 'pe' | 'elf' | 'macho' | 'script'; what: string } | null {
  if (b.length >= 2 && b[0] === 0x4d && b[1] === 0x5a) return { kind: 'pe', what: 'MZ (DOS/Windows executable) header' };
  if (b.length >= 4 && b.readUInt32BE(0) === 0x7f454c46) return { kind: 'elf', what: 'ELF (Linux/Unix executable) header' };
  if (b.length >= 4 && [0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(b.readUInt32BE(0)))
    return { kind: 'macho', what: 'Mach-O (macOS executable) header' };
  if (b.length >= 2 && b[0] === 0x23 && b[1] === 0x21) return { kind: 'script', what: 'script interpreter line (#!)' };
  return null;
}

const isTiff = (b: Buffer) =>
  (b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0x00) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0x00 && b[3] === 0x2a);

function readHead(path: string, size: number): Buffer | null {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const b = Buffer.alloc(Math.min(132, size));
    readSync(fd, b, 0, b.length, 0);
    return b;
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** A DOS header's e_lfanew pointing at "PE\0\0" confirms a Windows PE image (bounded to the first 64 KiB). */
function confirmsPe(path: string, head: Buffer, size: number): boolean {
  if (head.length < 0x40) return false;
  const off = head.readUInt32LE(0x3c);
  if (off < 0x40 || off + 4 > size || off > 64 * 1024) return false;
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const b = Buffer.alloc(4);
    readSync(fd, b, 0, 4, off);
    return b.toString('latin1') === 'PE\0\0';
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** The commands an autorun.inf runs on insertion (open=, shellexecute=, shell\…\command=), by file name only. */
export function autorunCommands(text: string): string[] {
  let section = '';
  const out: string[] = [];
  for (const raw of text.slice(0, 64 * 1024).split(/\r?\n/)) {
    const line = raw.trim();
    const sec = /^\[(.+)\]$/.exec(line);
    if (sec) {
      section = sec[1]!.toLowerCase();
      continue;
    }
    if (!section.startsWith('autorun')) continue;
    const kv = /^([^=;]+)=(.*)$/.exec(line);
    if (!kv) continue;
    const key = kv[1]!.trim().toLowerCase();
    if (key === 'open' || key === 'shellexecute' || /^shell\\.+\\command$/.test(key)) {
      const value = kv[2]!.trim();
      const quoted = /^"([^"]*)"/.exec(value);
      const target = quoted ? quoted[1]! : (value.split(/\s+/)[0] ?? '');
      const base = target.split(/[\\/]/).pop() ?? '';
      out.push(PLAIN_NAME.test(base) ? base : `(${base.length}-character name)`);
    }
  }
  return out;
}

export function scanMedia(root: string, opts: { maxFiles?: number } = {}): MediaReport {
  const maxFiles = opts.maxFiles ?? 1_000_000;
  const findings: MediaFinding[] = [];
  const preambles = { zero: 0, tiff: 0, other: 0 };
  const skipped = { symlinks: 0, unreadable: 0, tooDeep: 0 };
  let files = 0;
  let dicomFiles = 0;
  let truncated = false;
  const fileOf = (path: string, showName: boolean): MediaFile => {
    const rel = relative(root, path);
    const name = rel.split(sep).pop() ?? '';
    return {
      index: files,
      pathHash: createHash('sha256').update(rel).digest('hex').slice(0, 16),
      depth: rel.split(sep).length - 1,
      ...(showName && PLAIN_NAME.test(name) ? { name } : {}),
    };
  };
  const visit = (path: string, st: Stats) => {
    files++;
    const name = path.split(sep).pop() ?? '';
    if (name.toLowerCase() === 'autorun.inf') {
      let cmds: string[] = [];
      try {
        cmds = autorunCommands(readFileSync(path, { encoding: 'latin1' }).slice(0, 64 * 1024));
      } catch {
        skipped.unreadable++;
      }
      if (cmds.length)
        findings.push({
          kind: 'autorun',
          severity: 'medium',
          file: fileOf(path, true),
          detail: `autorun.inf starts ${cmds.join(', ')} when the medium is inserted (where autorun is enabled)`,
        });
      return;
    }
    const head = readHead(path, st.size);
    if (!head) {
      skipped.unreadable++;
      return;
    }
    const isDicom = head.length >= 132 && head.toString('latin1', 128, 132) === 'DICM';
    if (isDicom) {
      dicomFiles++;
      const pre = head.subarray(0, 128);
      const code = codeSignature(pre);
      if (code) {
        const confirmed = code.kind === 'pe' && confirmsPe(path, head, st.size);
        findings.push({
          kind: `${code.kind}-preamble` as MediaFindingKind,
          severity: 'high',
          file: fileOf(path, false),
          detail: `DICOM file whose preamble starts with a ${code.what}${confirmed ? ' with a valid PE header' : ''}: a DICOM/executable polyglot (CVE-2019-11687)`,
        });
      } else if (pre.every((x) => x === 0)) preambles.zero++;
      else if (isTiff(pre)) preambles.tiff++;
      else preambles.other++;
      return;
    }
    const code = codeSignature(head);
    if (code || EXEC_EXT.test(name))
      findings.push({
        kind: 'executable',
        severity: 'low',
        file: fileOf(path, true),
        detail: code ? `executable (${code.what})` : `executable by extension (${name.split('.').pop()!.toLowerCase()})`,
      });
  };
  const walk = (dir: string, depth: number) => {
    if (depth > MAX_DEPTH) {
      skipped.tooDeep++;
      return;
    }
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      skipped.unreadable++;
      return;
    }
    for (const e of entries) {
      if (files >= maxFiles) {
        truncated = true;
        return;
      }
      const path = join(dir, e);
      let st: Stats;
      try {
        st = lstatSync(path);
      } catch {
        skipped.unreadable++;
        continue;
      }
      if (st.isSymbolicLink()) skipped.symlinks++;
      else if (st.isDirectory()) walk(path, depth + 1);
      else if (st.isFile()) visit(path, st);
    }
  };
  const st = lstatSync(root);
  if (st.isDirectory()) walk(root, 0);
  else if (st.isFile()) visit(root, st);
  // An autorun that starts an executable found on the same medium is the dangerous combination: raise it.
  const exeNames = new Set(findings.filter((f) => f.kind === 'executable' && f.file.name).map((f) => f.file.name!.toLowerCase()));
  const out = findings.map((f) =>
    f.kind === 'autorun' && [...exeNames].some((n) => f.detail.toLowerCase().includes(n)) ? { ...f, severity: 'high' as const } : f,
  );
  return { files, dicomFiles, preambles, findings: out, skipped, truncated };
}
