/**
 * `radguard serve`: the web console's API. HTTPS with --cert/--key, or a generated self-signed certificate (its
 * fingerprint is printed); plain HTTP only on loopback or behind a named reverse proxy. Stops cleanly on SIGINT/SIGTERM (in-flight requests finish, the database is closed).
 */
import type { Command } from 'commander';
import { auditKeyPath, loadAuditKey } from '../../auth/audit.js';
import { UsageError } from '../../core/errors.js';
import { startServer } from '../../api/server.js';
import { ApiStore } from '../../store/sqlite/api-store.js';
import { action, globals, withStore, type CommandModule } from '../command.js';

export const serveCommand: CommandModule = {
  register(program, io, setExit) {
    program
      .command('serve')
      .description('Serve the web console API (HTTPS; plain HTTP only on loopback or behind a trusted reverse proxy)')
      .option('--host <address>', 'address to listen on', '127.0.0.1')
      .option('--port <n>', 'TCP port', '8443')
      .option('--cert <file>', 'TLS certificate (PEM)')
      .option('--key <file>', 'TLS private key (PEM)')
      .option('--trust-proxy <addresses>', 'comma-separated addresses of the TLS-terminating reverse proxy')
      .option('--audit-key <file>', 'audit log key file (default: $RADGUARD_AUDIT_KEY or <db>.audit-key)')
      .option('--rate-limit <n>', 'requests per minute per client address', '600')
      .option('--quiet', 'no request log')
      .action(
        action(io, setExit, (o: { host: string; port: string; cert?: string; key?: string; trustProxy?: string; auditKey?: string; rateLimit: string; quiet?: boolean }, cmd: Command) => {
          const port = Number(o.port);
          if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port "${o.port}" is not a TCP port`);
          const rateLimitPerMinute = Number(o.rateLimit);
          if (!Number.isInteger(rateLimitPerMinute) || rateLimitPerMinute < 1) throw new UsageError(`--rate-limit "${o.rateLimit}" is not a positive whole number`);
          const key = loadAuditKey(auditKeyPath(globals(cmd).db, io.env, o.auditKey), true);
          return withStore(cmd, async (store) => {
            const { app, url, fingerprint } = await startServer(
              store,
              key,
              { host: o.host, port, cert: o.cert, key: o.key, trustProxy: o.trustProxy?.split(',').map((s) => s.trim()), selfSignedBase: globals(cmd).db, rateLimitPerMinute },
              !o.quiet,
            );
            io.stderr.write(`radguard: serving on ${url}\n`);
            if (fingerprint) io.stderr.write(`radguard: self-signed certificate, SHA-256 fingerprint ${fingerprint}\n`);
            if (new ApiStore(store.db).userCount() === 0) io.stderr.write('radguard: no users yet; make the first admin with: radguard users add <name> --role admin\n');
            await new Promise<void>((resolve) => {
              const stop = () => {
                process.off('SIGINT', stop);
                process.off('SIGTERM', stop);
                void app.close().then(resolve);
              };
              process.on('SIGINT', stop);
              process.on('SIGTERM', stop);
            });
          });
        }),
      );
  },
};
