/**
 * `radguard media scan PATH`: checks a mounted CD/DVD or a folder of DICOM files for executable preambles
 * (CVE-2019-11687 polyglots), autorun.inf and executables. Reads no patient data and prints no folder names
 * (files appear by index and path hash). Exit 1 when something medium or worse was found.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { UsageError } from '../../core/errors.js';
import { scanMedia } from '../../inventory/media/scan.js';
import { action, emit, EXIT, globals, type CommandModule } from '../command.js';

export const mediaCommand: CommandModule = {
  register(program, io, setExit) {
    const media = program.command('media').description('Removable media (patient CDs/DVDs, USB): executable content checks');
    media
      .command('scan')
      .description('Scan a mounted medium or folder: executable DICOM preambles, autorun.inf, executables')
      .argument('<path>', 'mount point or folder')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (path: string, _o: unknown, cmd: Command) => {
          if (!existsSync(path)) throw new UsageError(`${path}: no such file or folder`);
          const r = scanMedia(path);
          emit(
            io,
            globals(cmd),
            r,
            () =>
              [
                `${r.files} files, ${r.dicomFiles} DICOM (preambles: ${r.preambles.zero} empty, ${r.preambles.tiff} TIFF, ${r.preambles.other} other)${r.truncated ? ', stopped at the file limit' : ''}`,
                ...r.findings.map(
                  (f) =>
                    `  ${f.severity.toUpperCase().padEnd(6)} ${f.kind.padEnd(15)} file #${f.file.index}${f.file.name ? ` ${f.file.name}` : ''} [${f.file.pathHash}]: ${f.detail}`,
                ),
                r.findings.length === 0 ? '  no executable content found' : '',
                r.skipped.symlinks + r.skipped.unreadable + r.skipped.tooDeep
                  ? `  skipped: ${r.skipped.symlinks} links, ${r.skipped.unreadable} unreadable, ${r.skipped.tooDeep} too deep`
                  : '',
              ]
                .filter(Boolean)
                .join('\n') + '\n',
          );
          return r.findings.some((f) => f.severity !== 'low') ? EXIT.findings : EXIT.ok;
        }),
      );
  },
};
