/**
 * A real OpenID provider in-process on 127.0.0.1 (the `oidc-provider` package, certified OpenID Connect
 * implementation) for login tests: one confidential client, accounts with a groups claim, its own RSA signing key,
 * and a hook that can rewrite the ID token the token endpoint returns (re-signed with the provider's key or another
 * one), to test what the relying party checks. Also walks its development login and consent pages as a user would.
 */
import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import type { Browser } from './browser.js';

export interface TestAccount {
  readonly preferredUsername: string;
  readonly groups: readonly string[];
}

export type IdTokenRewrite = (claims: Record<string, unknown>) => { claims: Record<string, unknown>; key?: KeyObject };

export interface TestProvider {
  readonly issuer: string;
  /** Every code, access token and ID token the provider handed out: none may appear in the relying party's log. */
  readonly issued: string[];
  rewrite: IdTokenRewrite | null;
  close(): Promise<void>;
}

const b64 = (v: Buffer | string) => Buffer.from(v).toString('base64url');

export function signJwt(header: Record<string, unknown>, claims: Record<string, unknown>, key: KeyObject): string {
  const input = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(claims))}`;
  return `${input}.${b64(sign('sha256', Buffer.from(input), key))}`;
}

export async function startProvider(o: {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  accounts: Record<string, TestAccount>;
}): Promise<TestProvider> {
  const server: Server = createServer();
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'provider-key-1', alg: 'RS256', use: 'sig' };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: o.clientId,
        client_secret: o.clientSecret,
        redirect_uris: [o.redirectUri],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ['test-only-cookie-signing-key'] },
    claims: { openid: ['sub'], profile: ['preferred_username'], groups: ['groups'] },
    // put the scopes' claims into the ID token, as Entra ID and Keycloak (with a groups mapper) do
    conformIdTokenClaims: false,
    pkce: { methods: ['S256'], required: () => true },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      const a = o.accounts[id];
      if (!a) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, preferred_username: a.preferredUsername, groups: [...a.groups] }) };
    },
  });
  const handle: TestProvider = {
    issuer,
    issued: [],
    rewrite: null,
    close: () => new Promise<void>((res) => server.close(() => res())),
  };
  const signingKey = createPrivateKey({ key: jwk, format: 'jwk' });
  provider.use(async (ctx, next) => {
    await next();
    const location = ctx.response.get('location');
    const code = location ? new URL(location, issuer).searchParams.get('code') : null;
    if (code) handle.issued.push(code);
    const body = ctx.body as { id_token?: string; access_token?: string } | undefined;
    if (ctx.path === '/token' && body?.id_token) {
      if (handle.rewrite) {
        const [h, p] = body.id_token.split('.');
        const r = handle.rewrite(JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>);
        body.id_token = signJwt(
          JSON.parse(Buffer.from(h!, 'base64url').toString()) as Record<string, unknown>,
          r.claims,
          r.key ?? signingKey,
        );
      }
      handle.issued.push(body.id_token, ...(body.access_token ? [body.access_token] : []));
    }
  });
  server.on('request', provider.callback());
  return handle;
}

/**
 * Follows redirects from `url` through the provider's login (as `account`) and consent pages until the provider
 * sends the browser back to `returnTo`; returns that callback URL without requesting it.
 */
export async function signInAtProvider(browser: Browser, url: string, account: string, returnTo: string): Promise<string> {
  let next = url;
  for (let hop = 0; hop < 20; hop++) {
    if (next.startsWith(returnTo)) return next;
    const r = await browser.request(next);
    if (r.location) {
      next = r.location;
      continue;
    }
    const prompt = /name="prompt" value="(login|consent)"/.exec(r.body)?.[1];
    const action = /action="([^"]+)"/.exec(r.body)?.[1];
    if (r.status !== 200 || !prompt || !action) throw new Error(`provider page ${next} answered ${r.status}: ${r.body.slice(0, 300)}`);
    const post = await browser.request(new URL(action, next).href, {
      method: 'POST',
      form: prompt === 'login' ? { prompt, login: account, password: 'any' } : { prompt },
    });
    if (!post.location) throw new Error(`provider form ${action} answered ${post.status}: ${post.body.slice(0, 300)}`);
    next = post.location;
  }
  throw new Error('too many redirects at the provider');
}
