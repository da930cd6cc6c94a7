/**
 * Where the shared real-world sample data lives: ../shared/data beside the checkout (as on developer machines and
 * in CI), or RADGUARD_SHARED_DATA. Tests read it, never write it.
 */
import { fileURLToPath } from 'node:url';

export const SHARED_DATA = process.env.RADGUARD_SHARED_DATA ?? fileURLToPath(new URL('../../shared/data', import.meta.url));
