/**
 * OIDC login (authorization code flow with PKCE, state and nonce) against the hospital's identity provider —
 * Entra ID, ADFS, Keycloak — through openid-client, which checks the ID token's signature (provider's published
 * keys), issuer, audience, expiry (within the configured clock skew) and nonce. Each login is bound to the browser
 * that started it by a random cookie whose hash keys the pending state; it can be completed once, within 10
 * minutes. The roles claim must map to a Radguard role or the user is refused (no silent default role). The account
 * is provisioned by (issuer, subject), refreshed at every login, and expires with the session it gets, so losing the
 * provider's groups ends access within one absolute session timeout. Local accounts are never taken over.
 */
import * as client from 'openid-client';
import type { Clock } from '../core/clock.js';
import type { ApiStore } from '../store/sqlite/api-store.js';
import type { Db } from '../store/sqlite/db.js';
import { OidcStore } from '../store/sqlite/oidc-store.js';
import { USERNAME } from './accounts.js';
import type { AuditLog } from './audit.js';
import { mapRole, type OidcConfig } from './oidc-config.js';
import type { Principal } from './roles.js';
import { randomToken, sha256 } from './secrets.js';
import type { AuthService } from './service.js';

export const OIDC_LOGIN_TTL_MS = 10 * 60_000;

export type OidcRefusal =
  'no-login' | 'expired-login' | 'state' | 'provider' | 'token' | 'unmapped' | 'username' | 'username-taken' | 'disabled' | 'unavailable';

export type OidcCallbackResult =
  { ok: true; sessionId: string; csrfToken: string; principal: Principal } | { ok: false; reason: OidcRefusal };

const isLoopbackIssuer = (issuer: string) =>
  ['localhost', '[::1]'].includes(new URL(issuer).hostname) || /^127\./.test(new URL(issuer).hostname);

/** Why openid-client refused the response, in words for the audit log; never the response's values. */
function classify(e: unknown): { reason: OidcRefusal; why: string } {
  // openid-client wraps the precise check that failed (e.g. 'unexpected JWT "aud" (audience) claim value') as the
  // cause; that cause's own cause holds the received values, which stay out of the audit log
  const outer = e instanceof Error ? e.message : String(e);
  const inner = e instanceof Error && e.cause instanceof Error ? e.cause.message : null;
  const why = (inner ? `${outer}: ${inner}` : outer).slice(0, 200);
  if (e instanceof client.AuthorizationResponseError) return { reason: 'provider', why: `provider answered ${e.error}` };
  if (e instanceof client.ResponseBodyError) return { reason: 'provider', why: `token endpoint answered ${e.error}` };
  if (e instanceof client.WWWAuthenticateChallengeError)
    return { reason: 'provider', why: `token endpoint answered ${e.status} ${e.cause[0]?.parameters.error ?? ''}`.trim() };
  if (/"state"/.test(why)) return { reason: 'state', why };
  return { reason: 'token', why };
}

export class OidcLogin {
  private discovered: { secret: string | null; config: Promise<client.Configuration> } | null = null;
  private readonly store: OidcStore;

  constructor(
    readonly config: OidcConfig,
    private readonly api: ApiStore,
    db: Db,
    private readonly auth: AuthService,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    /** The client secret, read from the secrets store when the provider is first contacted. */
    private readonly clientSecret: () => string | null,
  ) {
    this.store = new OidcStore(db);
  }

  /**
   * Provider metadata and keys, fetched on first use and kept; fetched again after a failure, and when the client
   * secret in the secrets store was replaced (a rotated secret takes effect without a restart).
   */
  private provider(): Promise<client.Configuration> {
    const c = this.config;
    const secret = c.clientSecretRef ? this.clientSecret() : null;
    if (this.discovered && this.discovered.secret === secret) return this.discovered.config;
    const config = (async () => {
      const meta: Partial<client.ClientMetadata> = { [client.clockTolerance]: c.clockSkewSeconds };
      const found = await client.discovery(
        new URL(c.issuer),
        c.clientId,
        meta,
        secret ? client.ClientSecretBasic(secret) : client.None(),
        isLoopbackIssuer(c.issuer) ? { execute: [client.allowInsecureRequests] } : undefined,
      );
      // OIDC lets a client skip the ID token signature when the token came straight over TLS; Radguard checks it
      // anyway (against the provider's published keys), so a TLS-intercepting proxy cannot mint identities
      client.enableNonRepudiationChecks(found);
      return found;
    })();
    const entry = { secret, config };
    this.discovered = entry;
    config.catch(() => {
      if (this.discovered === entry) this.discovered = null;
    });
    return config;
  }

  /** Starts a login: the browser-binding value for the cookie and the provider URL to redirect to. */
  async start(source: string): Promise<{ binding: string; url: string } | { unavailable: string }> {
    let config: client.Configuration;
    try {
      config = await this.provider();
    } catch (e) {
      this.audit.append({
        at: this.clock.now().toISOString(),
        actor: 'anonymous',
        action: 'oidc.provider-unavailable',
        detail: { source, why: (e as Error).message.slice(0, 200) },
      });
      return { unavailable: 'the identity provider cannot be reached' };
    }
    const now = this.clock.now();
    this.store.prunePending(new Date(now.getTime() - OIDC_LOGIN_TTL_MS).toISOString());
    const state = client.randomState();
    const nonce = client.randomNonce();
    const codeVerifier = client.randomPKCECodeVerifier();
    const binding = randomToken();
    this.store.addPending(sha256(binding), { state, nonce, codeVerifier, createdAt: now.toISOString() });
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.config.redirectUri,
      scope: this.config.scopes.join(' '),
      state,
      nonce,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { binding, url: url.href };
  }

  /** Completes a login from the provider's redirect (`query`: the callback's query string). */
  async callback(
    binding: string | undefined,
    query: string,
    source: string,
    oldSessionId: string | undefined,
  ): Promise<OidcCallbackResult> {
    const now = this.clock.now();
    const refuse = (reason: OidcRefusal, detail: Record<string, unknown> = {}): OidcCallbackResult => {
      this.audit.append({
        at: now.toISOString(),
        actor: typeof detail.username === 'string' ? detail.username : 'anonymous',
        action: 'oidc.login-refused',
        detail: { source, reason, ...detail },
      });
      return { ok: false, reason };
    };
    const pending = binding ? this.store.takePending(sha256(binding)) : null;
    if (!pending) return refuse('no-login');
    if (now.getTime() - Date.parse(pending.createdAt) > OIDC_LOGIN_TTL_MS) return refuse('expired-login');
    let config: client.Configuration;
    try {
      config = await this.provider();
    } catch {
      return refuse('unavailable');
    }
    const current = new URL(this.config.redirectUri);
    current.search = query;
    let claims: client.IDToken;
    let accessToken: string;
    try {
      const tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims()!;
      accessToken = tokens.access_token;
    } catch (e) {
      const c = classify(e);
      return refuse(c.reason, { why: c.why });
    }
    let rolesClaim = claims[this.config.rolesClaim];
    let nameClaim = claims[this.config.usernameClaim];
    if (rolesClaim === undefined || nameClaim === undefined) {
      // providers that keep group claims out of the ID token (a conforming default) still serve them at userinfo
      try {
        const info = await client.fetchUserInfo(config, accessToken, claims.sub);
        rolesClaim ??= info[this.config.rolesClaim];
        nameClaim ??= info[this.config.usernameClaim];
      } catch (e) {
        return refuse('provider', { why: `userinfo: ${(e as Error).message.slice(0, 200)}` });
      }
    }
    const issuer = claims.iss;
    const subject = claims.sub;
    const username = this.store.linkedUser(issuer, subject) ?? (typeof nameClaim === 'string' ? nameClaim : null);
    if (!username || !USERNAME.test(username)) return refuse('username', { subject, claim: this.config.usernameClaim });
    const rule = mapRole(this.config.roleMapping, rolesClaim);
    if (!rule) {
      const values = Array.isArray(rolesClaim) ? rolesClaim.slice(0, 20) : rolesClaim === undefined ? [] : [rolesClaim];
      return refuse('unmapped', { username, subject, claim: this.config.rolesClaim, values });
    }
    const existing = this.api.user(username);
    const link = existing ? this.store.linkOf(username) : null;
    if (existing && (!link || link.issuer !== issuer || link.subject !== subject)) return refuse('username-taken', { username, subject });
    if (existing?.disabled) return refuse('disabled', { username });
    const at = now.toISOString();
    const expiresAt = new Date(now.getTime() + this.auth.policy.absoluteTimeoutMs).toISOString();
    this.store.upsertUser({ username, issuer, subject, role: rule.role, scope: rule.scope, expiresAt }, at);
    if (
      !existing ||
      existing.role !== rule.role ||
      existing.scope.manufacturer !== rule.scope.manufacturer ||
      existing.scope.site !== rule.scope.site
    )
      this.audit.append({
        at,
        actor: 'oidc',
        action: existing ? 'user.changed' : 'user.added',
        target: username,
        detail: {
          via: 'oidc',
          issuer,
          subject,
          matched: rule.value,
          role: rule.role,
          scope: rule.scope,
          ...(existing ? { from: { role: existing.role, scope: existing.scope } } : {}),
        },
      });
    return { ok: true, ...this.auth.startSession(this.api.user(username)!, source, 'oidc', oldSessionId) };
  }
}
