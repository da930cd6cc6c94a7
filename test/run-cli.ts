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
