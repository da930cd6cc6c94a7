/** Runs the radguard CLI in-process with captured stdout/stderr, for the command tests. */
import { PassThrough } from 'node:stream';
import { main } from '../src/cli/main.js';

export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv = {}, opts: { tty?: boolean } = {}): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), { isTTY: opts.tty ?? false }); // a terminal gets progress lines
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const code = await main(argv, { stdout, stderr, env });
  return { code, out, err };
}

/** The CLI on one database: `run` as is, `json` with --json, expecting exit 0 or 1 (1: something was found). */
// `any`: the JSON of whichever command ran; each test reads the fields it asserts on.
export function cliOn(db: string): { run: (...argv: string[]) => ReturnType<typeof runCli>; json: (...argv: string[]) => Promise<any> } {
  const run = (...argv: string[]) => runCli(['--db', db, ...argv]);
  const json = async (...argv: string[]) => {
    const r = await run(...argv, '--json');
    if (r.code !== 0 && r.code !== 1) throw new Error(`radguard ${argv.join(' ')} exited ${r.code}: ${r.err}`);
    return JSON.parse(r.out);
  };
  return { run, json };
}
