/** The `radguard` command line: noun then verb, `--json` everywhere, exit codes 0 ok / 1 findings / 2 usage / 3 runtime. */
import { Command, CommanderError } from 'commander';
import { EXIT, type CliIO, type ExitCodeValue } from './command.js';
import { commands } from './commands/index.js';

export async function main(argv: readonly string[], io: CliIO = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  let exit: ExitCodeValue = EXIT.ok;
  const setExit = (code: ExitCodeValue) => (exit = code);
  const program = new Command('radguard')
    .description('Security audits for the networked equipment of medical imaging departments')
    .version('0.1.0')
    .option('--db <file>', 'SQLite database file', io.env.RADGUARD_DB ?? 'radguard.db')
    .option('--json', 'print JSON to stdout')
    .option('-o, --output <file>', 'also write the result to a file')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  for (const c of commands) c.register(program, io, setExit);
  program.commands.forEach(function override(cmd: Command) {
    cmd.exitOverride();
    cmd.commands.forEach(override);
  });
  try {
    // nmap users type -iL; commander allows only one-letter short flags.
    await program.parseAsync(argv.map((a) => (a === '-iL' ? '--input-list' : a)), { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    throw e;
  }
  return exit;
}
