/** Asking a terminal for a password or secret twice, without echo; refused when there is no terminal to ask. */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { UsageError } from '../core/errors.js';
import type { CliIO } from './command.js';

export async function askHiddenTwice(io: CliIO, label: string, instead: string): Promise<string> {
  if (!process.stdin.isTTY) throw new UsageError(`no terminal to ask for the ${label.toLowerCase()}: ${instead}`);
  const muted = new Writable({ write: (_c, _e, cb) => cb() });
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  const ask = (q: string) =>
    new Promise<string>((res) => {
      io.stderr.write(q);
      rl.question('', (a) => {
        io.stderr.write('\n');
        res(a);
      });
    });
  try {
    const a = await ask(`${label}: `);
    if ((await ask('Again: ')) !== a) throw new UsageError(`the two ${label.toLowerCase()}s differ`);
    return a;
  } finally {
    rl.close();
  }
}
