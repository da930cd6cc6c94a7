/**
 * Issuing API tokens: `rgt_<16-char id>_<43-char secret>`. Only the secret's SHA-256 is stored; the whole token is
 * shown once. A token never has more than its owner: an owner's role may only be narrowed, and a scoped owner's
 * token keeps that scope.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../core/errors.js';
import type { ApiStore } from '../store/sqlite/api-store.js';
import type { AuditLog } from './audit.js';
import { API_ROLES, type ApiRole, type Scope } from './roles.js';
import { randomToken, sha256 } from './secrets.js';

/** Higher index = fewer rights; vendor-service stands apart (only reachable from itself). */
const RANK: Record<ApiRole, number> = { admin: 0, 'security-analyst': 1, 'biomedical-engineer': 2, viewer: 3, 'vendor-service': 4 };
export const MAX_TOKEN_DAYS = 365;

export function issueToken(
  store: ApiStore,
  audit: AuditLog,
  req: { owner: string; name: string; role: ApiRole; scope: Scope; days: number; at: Date },
): { token: string; id: string; expiresAt: string } {
  const owner = store.user(req.owner);
  if (!owner) throw new AppError('ERR_AUTH_NO_USER', `no user "${req.owner}"`);
  if (!API_ROLES.includes(req.role)) throw new AppError('ERR_AUTH_ROLE', `unknown role "${req.role}"`);
  if ((owner.role === 'vendor-service') !== (req.role === 'vendor-service') || RANK[req.role] < RANK[owner.role])
    throw new AppError('ERR_AUTH_TOKEN_ROLE', `a token of ${owner.role} "${owner.username}" cannot have role ${req.role}`);
  if (!(req.days > 0 && req.days <= MAX_TOKEN_DAYS)) throw new AppError('ERR_AUTH_TOKEN_EXPIRY', `token lifetime must be 1..${MAX_TOKEN_DAYS} days`);
  const scope: Scope = {
    manufacturer: owner.scope.manufacturer ?? req.scope.manufacturer,
    site: owner.scope.site ?? req.scope.site,
  };
  if ((owner.scope.manufacturer && req.scope.manufacturer && req.scope.manufacturer !== owner.scope.manufacturer) || (owner.scope.site && req.scope.site && req.scope.site !== owner.scope.site))
    throw new AppError('ERR_AUTH_TOKEN_SCOPE', 'a token cannot reach outside its owner\'s scope');
  // hex, not base64url: an id starting with '-' would read as an option in `radguard tokens revoke <id>` (the id
  // is not secret; the secret below carries the 256 bits)
  const id = randomBytes(8).toString('hex');
  const secret = randomToken(32);
  const expiresAt = new Date(req.at.getTime() + req.days * 86_400_000).toISOString();
  const ownerExpiry = owner.expiresAt && Date.parse(owner.expiresAt) < Date.parse(expiresAt) ? owner.expiresAt : expiresAt;
  store.addToken({ id, secretHash: sha256(secret), name: req.name, owner: owner.username, role: req.role, scope, createdAt: req.at.toISOString(), expiresAt: ownerExpiry });
  audit.append({ at: req.at.toISOString(), actor: owner.username, action: 'token.issued', target: id, detail: { name: req.name, role: req.role, scope, expiresAt: ownerExpiry } });
  return { token: `rgt_${id}_${secret}`, id, expiresAt: ownerExpiry };
}
