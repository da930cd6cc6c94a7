/** The rule registry: one line per rule. */
import type { Rule } from './rule.js';

export const rules: readonly Rule[] = [];
