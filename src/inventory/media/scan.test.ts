/**
 * The media scanner on generated media: clean DICOM, a TIFF dual-personality preamble (allowed), PE/ELF/Mach-O
 * polyglots, an autorun.inf starting a viewer, a folder named like a patient that must never be printed, and a
 * symbolic-link loop.
 */
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { autorunCommands, codeSignature, scanMedia } from './scan.js';

function dicom(preamble: Buffer): Buffer {
  const pre = Buffer.alloc(128);
  preamble.copy(pre);
  // Group 0002 meta element with a made-up value, then a PE signature far into the file for the PE case.
  return Buffer.concat([
    pre,
    Buffer.from('DICM'),
    Buffer.from([0x02, 0x00, 0x10, 0x00, 0x55, 0x49, 0x04, 0x00]),
    Buffer.from('1.2\0'),
    Buffer.alloc(64),
  ]);
}

function pePreamble(): Buffer {
  const b = Buffer.alloc(128);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0xa0, 0x3c); // e_lfanew: the PE header sits after the DICM magic, inside the file
  return b;
}

function medium(): string {
  const root = mkdtempSync(join(tmpdir(), 'rg-media-'));
  const patient = join(root, 'DOE^JANE_19700101');
  mkdirSync(join(patient, 'SERIES1'), { recursive: true });
  writeFileSync(join(patient, 'SERIES1', 'IM000001'), dicom(Buffer.alloc(0)));
  writeFileSync(join(patient, 'SERIES1', 'IM000002'), dicom(Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00])));
  const pe = dicom(pePreamble());
  pe.write('PE\0\0', 0xa0, 'latin1');
  writeFileSync(join(patient, 'SERIES1', 'IM000003'), pe);
  writeFileSync(join(patient, 'SERIES1', 'IM000004'), dicom(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1])));
  writeFileSync(join(patient, 'SERIES1', 'IM000005'), dicom(Buffer.from([0xcf, 0xfa, 0xed, 0xfe])));
  writeFileSync(join(patient, 'SERIES1', 'IM000006'), dicom(Buffer.from('vendor profile v1', 'latin1')));
  writeFileSync(
    join(root, 'AUTORUN.INF'),
    '[AutoRun]\r\nopen=VIEWER\\viewer.exe /dicomdir\r\nicon=viewer.ico\r\n[Content]\r\nopen=ignored.exe\r\n',
  );
  mkdirSync(join(root, 'VIEWER'));
  writeFileSync(join(root, 'VIEWER', 'viewer.exe'), Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)]));
  writeFileSync(join(root, 'VIEWER', 'start.bat'), 'viewer.exe');
  writeFileSync(join(root, 'DICOMDIR'), Buffer.alloc(300));
  symlinkSync(root, join(patient, 'loop'));
  return root;
}

describe('media scanner', () => {
  it('flags polyglot preambles, autorun and executables, accepts zero and TIFF preambles, follows no links', () => {
    const root = medium();
    const r = scanMedia(root);
    expect(r).toMatchObject({
      files: 10,
      dicomFiles: 6,
      preambles: { zero: 1, tiff: 1, other: 1 },
      skipped: { symlinks: 1, unreadable: 0, tooDeep: 0 },
    });
    const kinds = r.findings.map((f) => `${f.kind}:${f.severity}${f.file.name ? `:${f.file.name}` : ''}`).sort();
    expect(kinds).toEqual([
      'autorun:high:AUTORUN.INF',
      'elf-preamble:high',
      'executable:low:start.bat',
      'executable:low:viewer.exe',
      'macho-preamble:high',
      'pe-preamble:high',
    ]);
    expect(r.findings.find((f) => f.kind === 'pe-preamble')!.detail).toMatch(/with a valid PE header.*CVE-2019-11687/);
    expect(r.findings.find((f) => f.kind === 'autorun')!.detail).toMatch(/starts viewer.exe/);
    // no patient-named folder (or any folder name) anywhere in the output
    expect(JSON.stringify(r)).not.toMatch(/DOE|JANE|1970|SERIES|VIEWER\//);
  });

  it('CLI: JSON output without folder names, exit 1 on a dangerous medium', async () => {
    const root = medium();
    let out = '';
    const stdout = new PassThrough();
    stdout.on('data', (c) => (out += c));
    const code = await main(['media', 'scan', root, '--json'], { stdout, stderr: new PassThrough(), env: {} });
    expect(code).toBe(1);
    expect(JSON.parse(out).findings).toHaveLength(6);
    expect(out).not.toContain('DOE');
  });

  it('reads autorun commands only from the [autorun] section, names only plain file names', () => {
    expect(autorunCommands('[autorun]\nopen="a b\\run.exe" x\nshell\\view\\command=tools/DOE JOHN.exe\n')).toEqual(['run.exe', 'DOE']);
    expect(autorunCommands('[autorun]\nshellexecute=\\\\server\\Ünïcode.exe\n')).toEqual(['(11-character name)']);
    expect(autorunCommands('[other]\nopen=x.exe')).toEqual([]);
  });

  it('signature checks never throw on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 140 }), (a) => void codeSignature(Buffer.from(a))),
      { numRuns: 50_000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (t) => void autorunCommands(t)),
      { numRuns: 20_000 },
    );
  });
});
