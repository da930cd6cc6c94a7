/** What the login page needs before anyone logs in: whether single sign-on is offered (and its label) and whether first-admin setup is open. */
import type { FastifyInstance } from 'fastify';
import type { OidcConfig } from '../../auth/oidc-config.js';
import type { SetupService } from '../../auth/setup.js';

export function authConfigRoutes(app: FastifyInstance, setup: SetupService, oidc: OidcConfig | null): void {
  app.get(
    '/api/auth/config',
    {
      schema: {
        tags: ['auth'],
        summary: 'Login options: single sign-on offered, first-admin setup open',
        response: {
          200: {
            type: 'object',
            properties: { oidc: { type: 'boolean' }, oidcLabel: { type: 'string' }, setupRequired: { type: 'boolean' } },
            required: ['oidc', 'setupRequired'],
          },
        },
      },
    },
    async () => ({ oidc: oidc !== null, ...(oidc ? { oidcLabel: oidc.label } : {}), setupRequired: setup.required() }),
  );
}
