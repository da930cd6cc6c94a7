#!/usr/bin/env node
// A minimal TCP service for sweep tests, run inside a test namespace: listens on the given ports, greets with a
// line naming the port, and prints "conn <port>" for every connection so the test can count them.
import { createServer } from 'node:net';

const host = process.argv[2];
for (const port of process.argv.slice(3).map(Number)) {
  createServer((s) => {
    process.stdout.write(`conn ${port}\n`);
    s.on('error', () => {});
    s.end(`hello from ${port}\r\n`);
  }).listen(port, host, () => process.stdout.write(`listening ${port}\n`));
}
