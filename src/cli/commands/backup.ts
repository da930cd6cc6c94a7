/**
 * `radguard backup FILE` (online, verified copy of the whole store) and `radguard restore FILE` (checked, atomic;
 * the store it replaces is kept beside it as DB.before-restore-<time>, so a wrong restore loses nothing).
 */
import type { Command } from 'commander';
import { copyFileSync, existsSync } from 'node:fs';
import { systemClock } from '../../core/clock.js';
import { envelope } from '../../report/model.js';
import { backupStore, inspectStoreFile, restoreStore } from '../../store/sqlite/inventory-backup.js';
import { action, emit, globals, withStore, type CommandModule } from '../command.js';

export const backupCommand: CommandModule = {
  register(program, io, setExit) {
    program
      .command('backup')
      .description('Write a consistent, verified copy of the whole store (safe while scans run)')
      .argument('<file>', 'the backup file to create (must not exist)')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, async (file: string, _o: unknown, cmd: Command) => {
          const info = await withStore(cmd, (store) => backupStore(store.db, file));
          emit(
            io,
            globals(cmd),
            { ...envelope('backup', systemClock.now().toISOString()), backup: info },
            () =>
              `backup written: ${info.file} (${info.bytes} bytes, sha256 ${info.sha256.slice(0, 16)}…, ${info.assets} assets, ${info.findings} findings)\n`,
          );
        }),
      );
    program
      .command('restore')
      .description('Replace the store with a backup (the current store is kept beside it)')
      .argument('<file>', 'a backup written by radguard backup')
      .option('--json', 'print JSON')
      .action(
        action(io, setExit, (file: string, _o: unknown, cmd: Command) => {
          const db = globals(cmd).db;
          inspectStoreFile(file); // refuse a bad backup before touching anything
          let kept: string | null = null;
          if (existsSync(db)) {
            kept = `${db}.before-restore-${systemClock.now().toISOString().replace(/[:.]/g, '-')}`;
            withStore(cmd, (store) => store.db.pragma('wal_checkpoint(TRUNCATE)'));
            copyFileSync(db, kept);
          }
          const info = restoreStore(file, db);
          emit(
            io,
            globals(cmd),
            { ...envelope('restore', systemClock.now().toISOString()), restored: info, previous: kept },
            () => `restored ${file} into ${info.file}${kept ? `; the previous store is kept as ${kept}` : ''}\n`,
          );
        }),
      );
  },
};
