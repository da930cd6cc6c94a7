/**
 * What every command shares: exit codes, the global options (--db, --json, -o), and `action()`, which turns a
 * command's result into an exit code and a thrown error into a clear message on stderr.
 */
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { AppError, UsageError, errorMessage } from '../core/errors.js';
import { SqliteScanStore } from '../store/sqlite/scan-store.js';

export const EXIT = { ok: 0, findings: 1, usage: 2, runtime: 3 } as const;

/** Who runs the command, for decisions recorded from the terminal (`--actor` overrides). */
export const whoami = (): string => {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
};

/** commander's accumulator for a repeatable option. */
export const collect = (v: string, prev: string[] = []): string[] => [...prev, v];
export type ExitCodeValue = (typeof EXIT)[keyof typeof EXIT];

export interface GlobalOptions {
  readonly db: string;
  readonly json: boolean;
  readonly output?: string;
}

export interface CliIO {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

export interface CommandModule {
  register(program: Command, io: CliIO, setExit: (code: ExitCodeValue) => void): void;
}

/** Global options live on the root program; every subcommand reads them here. */
export function globals(cmd: Command): GlobalOptions {
  let root = cmd;
  while (root.parent) root = root.parent;
  const o = root.opts() as { db?: string; json?: boolean; output?: string };
  const local = cmd.opts() as { json?: boolean; output?: string };
  return {
    db: o.db ?? 'radguard.db',
    json: Boolean(local.json ?? o.json),
    output: local.output ?? o.output,
  };
}

/** Writes a command's result: JSON to stdout with --json, a file with -o, else the human rendering. */
export function emit(io: CliIO, g: GlobalOptions, value: unknown, human: () => string): void {
  const json = `${JSON.stringify(value, null, 2)}\n`;
  if (g.output) writeFileSync(g.output, g.output.endsWith('.json') || g.json ? json : human());
  if (g.json) io.stdout.write(json);
  else if (!g.output) io.stdout.write(human());
}

export function action<A extends unknown[]>(
  io: CliIO,
  setExit: (code: ExitCodeValue) => void,
  fn: (...args: A) => Promise<ExitCodeValue | void> | ExitCodeValue | void,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      setExit((await fn(...args)) ?? EXIT.ok);
    } catch (e) {
      if (e instanceof UsageError) {
        io.stderr.write(`radguard: ${e.message}\n`);
        setExit(EXIT.usage);
      } else if (e instanceof AppError) {
        io.stderr.write(`radguard: ${e.message} [${e.code}]\n`);
        setExit(EXIT.runtime);
      } else {
        io.stderr.write(`radguard: unexpected error: ${errorMessage(e)}\n${e instanceof Error ? (e.stack ?? '') : ''}\n`);
        setExit(EXIT.runtime);
      }
    }
  };
}

/** Opens the store named by --db for one command and always closes it (after the promise, if `fn` returns one). */
export function withStore<T>(cmd: Command, fn: (store: SqliteScanStore) => T, opts: { readonly?: boolean } = {}): T {
  const store = SqliteScanStore.open(globals(cmd).db, opts);
  let result: T;
  try {
    result = fn(store);
  } catch (e) {
    store.close();
    throw e;
  }
  if (result instanceof Promise) return result.finally(() => store.close()) as T;
  store.close();
  return result;
}
