/**
 * Wires the identity routes that need more than the shared context: first-admin setup, login options, single
 * sign-on and the secrets store (whose key file also opens the OIDC client secret).
 */
import type { FastifyInstance } from 'fastify';
import { OidcLogin } from '../../auth/oidc.js';
import type { OidcConfig } from '../../auth/oidc-config.js';
import type { SecretsKeyring } from '../../auth/secret-box.js';
import { SecretVault } from '../../auth/secret-vault.js';
import { SetupService } from '../../auth/setup.js';
import { AppError } from '../../core/errors.js';
import type { ApiContext } from '../context.js';
import { authConfigRoutes } from './auth-config.js';
import { oidcRoutes } from './oidc.js';
import { secretRoutes } from './secrets.js';
import { setupRoutes } from './setup.js';

export function identityRoutes(
  app: FastifyInstance,
  ctx: ApiContext,
  o: { secretsKey: SecretsKeyring | null; oidc: OidcConfig | null },
): void {
  const vault = o.secretsKey ? new SecretVault(ctx.store.db, o.secretsKey, ctx.audit) : null;
  const ref = o.oidc?.clientSecretRef ?? null;
  if (ref && !vault) throw new AppError('ERR_OIDC_CONFIG', `the OIDC client secret "${ref}" needs the secrets key file`);
  const oidc = o.oidc
    ? new OidcLogin(o.oidc, ctx.api, ctx.store.db, ctx.auth, ctx.audit, ctx.clock, () => (ref && vault ? vault.reveal(ref) : null))
    : null;
  const setup = new SetupService(ctx.api, ctx.audit, ctx.clock, ctx.store.db);
  setupRoutes(app, setup);
  authConfigRoutes(app, setup, o.oidc);
  oidcRoutes(app, ctx, oidc);
  secretRoutes(app, ctx, vault);
}
