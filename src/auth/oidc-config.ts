/**
 * The OIDC settings file of `radguard serve --oidc-config FILE` (YAML or JSON): the provider's issuer, this
 * client's id, the name of the client secret in `radguard secrets` (never the secret itself), the redirect URI, the
 * claim carrying groups or roles and the mapping of its values to Radguard roles (first matching rule wins), and
 * the allowed clock skew. Every field is checked here, so a wrong file stops the server with a message naming it.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { AppError } from '../core/errors.js';
import { checkRole } from './accounts.js';
import type { ApiRole, Scope } from './roles.js';
import { SECRET_NAME } from './secret-vault.js';

export interface RoleRule {
  /** A value of the roles claim (a group name or id, an app role). */
  readonly value: string;
  readonly role: ApiRole;
  readonly scope: Scope;
}

export interface OidcConfig {
  readonly issuer: string;
  readonly clientId: string;
  /** Name of the client secret in the secrets store; null for a public client (PKCE only). */
  readonly clientSecretRef: string | null;
  readonly redirectUri: string;
  /** Shown on the login page's button, e.g. "Hospital account". */
  readonly label: string;
  readonly scopes: readonly string[];
  readonly rolesClaim: string;
  readonly usernameClaim: string;
  readonly roleMapping: readonly RoleRule[];
  readonly clockSkewSeconds: number;
}

const isLoopbackUrl = (u: URL) => u.hostname === 'localhost' || u.hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(u.hostname);

/** https everywhere; plain http only for a provider or callback on this machine (tests, a local Keycloak). */
function url(file: string, field: string, v: unknown): string {
  if (typeof v !== 'string') throw bad(file, `${field} must be a URL`);
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw bad(file, `${field} "${v}" is not a URL`);
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopbackUrl(u)))
    throw bad(file, `${field} must use https (http only on loopback)`);
  return v;
}

const bad = (file: string, why: string) => new AppError('ERR_OIDC_CONFIG', `OIDC config ${file}: ${why}`);
const str = (file: string, field: string, v: unknown, dflt?: string): string => {
  if (v === undefined && dflt !== undefined) return dflt;
  if (typeof v !== 'string' || v.length === 0 || v.length > 500) throw bad(file, `${field} must be a non-empty string`);
  return v;
};

export function parseOidcConfig(file: string, text: string): OidcConfig {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (e) {
    throw bad(file, `not YAML or JSON (${(e as Error).message.split('\n')[0]})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad(file, 'must be a mapping of settings');
  const o = raw as Record<string, unknown>;
  const known = [
    'issuer',
    'clientId',
    'clientSecretRef',
    'redirectUri',
    'label',
    'scopes',
    'rolesClaim',
    'usernameClaim',
    'roleMapping',
    'clockSkewSeconds',
  ];
  if ('clientSecret' in o) throw bad(file, 'put the client secret in `radguard secrets set NAME` and give its name as clientSecretRef');
  for (const k of Object.keys(o)) if (!known.includes(k)) throw bad(file, `unknown setting "${k}" (known: ${known.join(', ')})`);
  const clientSecretRef =
    o.clientSecretRef === undefined || o.clientSecretRef === null ? null : str(file, 'clientSecretRef', o.clientSecretRef);
  if (clientSecretRef !== null && !SECRET_NAME.test(clientSecretRef))
    throw bad(file, `clientSecretRef "${clientSecretRef}" is not a secret name`);
  const scopes = o.scopes === undefined ? ['openid', 'profile', 'email'] : o.scopes;
  if (
    !Array.isArray(scopes) ||
    !scopes.every((s) => typeof s === 'string' && /^[\x21\x23-\x5b\x5d-\x7e]+$/.test(s)) ||
    !scopes.includes('openid')
  )
    throw bad(file, 'scopes must be a list of scope names including "openid"');
  const skew = o.clockSkewSeconds ?? 60;
  if (typeof skew !== 'number' || !Number.isInteger(skew) || skew < 0 || skew > 600)
    throw bad(file, 'clockSkewSeconds must be a whole number of seconds, 0–600');
  if (!Array.isArray(o.roleMapping) || o.roleMapping.length === 0)
    throw bad(file, 'roleMapping must list at least one { value, role } rule (users without a mapped role are refused)');
  const roleMapping = o.roleMapping.map((r: unknown, i): RoleRule => {
    if (typeof r !== 'object' || r === null) throw bad(file, `roleMapping[${i}] must be a mapping`);
    const m = r as Record<string, unknown>;
    for (const k of Object.keys(m))
      if (!['value', 'role', 'manufacturer', 'site'].includes(k)) throw bad(file, `roleMapping[${i}]: unknown key "${k}"`);
    // the expiry of a provisioned account is set at each login (docs/adr/0310), so a vendor rule needs none here
    const checked = checkRole({
      role: str(file, `roleMapping[${i}].role`, m.role),
      manufacturer: m.manufacturer as string | undefined,
      site: m.site as string | undefined,
      expires: m.role === 'vendor-service' ? '2100-01-01' : null,
    });
    if ('error' in checked) throw bad(file, `roleMapping[${i}]: ${checked.error}`);
    return { value: str(file, `roleMapping[${i}].value`, m.value), role: checked.role, scope: checked.scope };
  });
  return {
    issuer: url(file, 'issuer', o.issuer),
    clientId: str(file, 'clientId', o.clientId),
    clientSecretRef,
    redirectUri: url(file, 'redirectUri', o.redirectUri),
    label: str(file, 'label', o.label, 'Single sign-on'),
    scopes: scopes as string[],
    rolesClaim: str(file, 'rolesClaim', o.rolesClaim, 'groups'),
    usernameClaim: str(file, 'usernameClaim', o.usernameClaim, 'preferred_username'),
    roleMapping,
    clockSkewSeconds: skew,
  };
}

export function loadOidcConfig(file: string): OidcConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new AppError('ERR_OIDC_CONFIG', `cannot read OIDC config ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseOidcConfig(file, text);
}

/** The first rule whose value the user's roles claim holds, or null: such a user is refused, never given a default role. */
export function mapRole(rules: readonly RoleRule[], claim: unknown): RoleRule | null {
  const values = Array.isArray(claim) ? claim.filter((v): v is string => typeof v === 'string') : typeof claim === 'string' ? [claim] : [];
  return rules.find((r) => values.includes(r.value)) ?? null;
}
