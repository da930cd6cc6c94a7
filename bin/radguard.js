#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

// A reader that stops early (`radguard … | head`) is not an error: end quietly with the status a shell gives a
// program killed by SIGPIPE, as Unix tools do, instead of an unhandled EPIPE and a stack trace.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(141);
  throw e;
});
main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
