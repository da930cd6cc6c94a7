/** Password policy and argon2id hashing. */
import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './password.js';

describe('passwords', () => {
  it('applies the policy', () => {
    expect(passwordProblem('short', 'alice')).toMatch(/at least 12/);
    expect(passwordProblem('alice-is-great-2026', 'alice')).toMatch(/username/);
    expect(passwordProblem('aaaaaaaaaaaabbbb', 'bob')).toMatch(/different characters/);
    expect(passwordProblem('x'.repeat(257), 'bob')).toMatch(/at most/);
    expect(passwordProblem('correct horse battery staple', 'alice')).toBeNull();
  });

  it('hashes with argon2id and verifies only the right password', async () => {
    const h = await hashPassword('correct horse battery staple');
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(h, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(h, 'correct horse battery stapler')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });
});
