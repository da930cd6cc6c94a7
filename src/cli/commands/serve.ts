/**
 * `radguard serve`: the web console's API. HTTPS with --cert/--key, or a generated self-signed certificate (its
 * fingerprint is printed); plain HTTP only on loopback or behind a named reverse proxy. Stops cleanly on SIGINT/SIGTERM (in-flight requests finish, the database is closed).
 * On a store without users it prints a one-time setup token for the first admin (valid 24 h, a new one each start);
 * --oidc-config turns on single sign-on, its client secret read from the secrets store (key file: --secrets-key).
 */
import type { Command } from 'commander';
import { AuditLog, auditKeyPath, loadAuditKey } from '../../auth/audit.js';
import { loadOidcConfig } from '../../auth/oidc-config.js';
import { loadSecretsKeyring, secretsKeyPath } from '../../auth/secret-box.js';
import { SecretVault } from '../../auth/secret-vault.js';
import { SetupService } from '../../auth/setup.js';
import { systemClock } from '../../core/clock.js';
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
      .option('--secrets-key <file>', 'secrets store key file (default: $RADGUARD_SECRETS_KEY or <db>.secrets-key)')
      .option('--oidc-config <file>', 'single sign-on settings (YAML/JSON: issuer, clientId, clientSecretRef, redirectUri, roleMapping, ...)')
      .option('--quiet', 'no request log')
      .action(
        action(io, setExit, (o: { host: string; port: string; cert?: string; key?: string; trustProxy?: string; auditKey?: string; secretsKey?: string; oidcConfig?: string; rateLimit: string; quiet?: boolean }, cmd: Command) => {
          const port = Number(o.port);
          if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port "${o.port}" is not a TCP port`);
          const rateLimitPerMinute = Number(o.rateLimit);
          if (!Number.isInteger(rateLimitPerMinute) || rateLimitPerMinute < 1) throw new UsageError(`--rate-limit "${o.rateLimit}" is not a positive whole number`);
          const key = loadAuditKey(auditKeyPath(globals(cmd).db, io.env, o.auditKey), true);
          const secretsKey = loadSecretsKeyring(secretsKeyPath(globals(cmd).db, io.env, o.secretsKey), true);
          const oidc = o.oidcConfig ? loadOidcConfig(o.oidcConfig) : null;
          return withStore(cmd, async (store) => {
            const audit = new AuditLog(new ApiStore(store.db), key);
            // fail at start, not at the first login, when the client secret the settings name is not stored
            if (oidc?.clientSecretRef && new SecretVault(store.db, secretsKey, audit).reveal(oidc.clientSecretRef) === null)
              throw new UsageError(`OIDC client secret "${oidc.clientSecretRef}" is not stored: radguard secrets set ${oidc.clientSecretRef}`);
            const { app, url, fingerprint } = await startServer(
              store,
              key,
              { host: o.host, port, cert: o.cert, key: o.key, trustProxy: o.trustProxy?.split(',').map((s) => s.trim()), selfSignedBase: globals(cmd).db, rateLimitPerMinute, secretsKey, oidc },
              !o.quiet,
            );
            io.stderr.write(`radguard: serving on ${url}\n`);
            if (fingerprint) io.stderr.write(`radguard: self-signed certificate, SHA-256 fingerprint ${fingerprint}\n`);
            const setup = new SetupService(new ApiStore(store.db), audit, systemClock, store.db).issue();
            if (setup)
              io.stderr.write(
                `radguard: no users yet. One-time setup token (valid until ${setup.expiresAt}):\n  ${setup.token}\n` +
                  `radguard: enter it in the console at ${url}/ to create the first admin, or run: radguard users add <name> --role admin\n`,
              );
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
