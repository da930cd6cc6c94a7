/** What every route module receives: the stores, the auth service, the audit log and the clock. */
import type { AuditLog } from '../auth/audit.js';
import type { AuthService } from '../auth/service.js';
import type { Principal } from '../auth/roles.js';
import type { Clock } from '../core/clock.js';
import type { ApiQueries } from '../store/sqlite/api-queries.js';
import type { ApiStore } from '../store/sqlite/api-store.js';
import type { ApiReader } from './read-pool.js';
import type { InventoryStore } from '../store/sqlite/inventory-store.js';
import type { SqliteScanStore } from '../store/sqlite/scan-store.js';
import type { FastifyRequest } from 'fastify';

export interface ApiContext {
  readonly store: SqliteScanStore;
  readonly api: ApiStore;
  readonly queries: ApiQueries;
  /** The list pages and the VEX export, read off the main thread when the read pool is on (read-pool.ts). */
  readonly reader: ApiReader;
  readonly inventory: InventoryStore;
  readonly auth: AuthService;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly cookieName: string;
  readonly secureCookies: boolean;
}

/** The caller of a non-public route; the access hook has already refused anonymous requests. */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new Error('principal missing on a protected route: the access hook did not run');
  return req.principal;
}
