/** The identifier registry: one line per identifier. */
import type { Identifier } from './identifier.js';

export const identifiers: readonly Identifier[] = [];
