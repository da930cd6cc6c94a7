/** The OIDC settings file: a complete file parses with defaults; each mistake is refused naming the setting. */
import { describe, expect, it } from 'vitest';
import { mapRole, parseOidcConfig } from './oidc-config.js';

const GOOD = `
issuer: https://login.microsoftonline.com/tenant-id/v2.0
clientId: 0b7c3c1e-radguard
clientSecretRef: oidc.entra
redirectUri: https://radguard.hospital.example/api/auth/oidc/callback
roleMapping:
  - { value: RG-Admins, role: admin }
  - { value: RG-Biomed, role: biomedical-engineer }
  - { value: RG-GE-Service, role: vendor-service, manufacturer: GE, site: north }
`;

describe('OIDC config', () => {
  it('parses a complete file, with defaults for the optional settings', () => {
    const c = parseOidcConfig('oidc.yaml', GOOD);
    expect(c).toMatchObject({
      clientSecretRef: 'oidc.entra',
      label: 'Single sign-on',
      rolesClaim: 'groups',
      usernameClaim: 'preferred_username',
      clockSkewSeconds: 60,
      scopes: ['openid', 'profile', 'email'],
    });
    expect(c.roleMapping[2]).toEqual({ value: 'RG-GE-Service', role: 'vendor-service', scope: { manufacturer: 'GE', site: 'north' } });
    // JSON is YAML too
    expect(
      parseOidcConfig(
        'o.json',
        JSON.stringify({
          issuer: 'http://127.0.0.1:8080/realms/x',
          clientId: 'c',
          redirectUri: 'http://localhost:8443/cb',
          roleMapping: [{ value: 'v', role: 'viewer' }],
        }),
      ).clientSecretRef,
    ).toBeNull();
  });

  it.each([
    [GOOD.replace('https://login', 'http://login'), /issuer must use https/],
    [GOOD.replace('https://radguard', 'radguard'), /redirectUri "radguard.* is not a URL/],
    [GOOD.replace('clientSecretRef: oidc.entra', 'clientSecret: hunter2'), /put the client secret in `radguard secrets set NAME`/],
    [GOOD.replace('clientSecretRef: oidc.entra', 'clientSecretRef: Not A Name'), /clientSecretRef "Not A Name" is not a secret name/],
    [GOOD.replace('role: admin', 'role: superuser'), /roleMapping\[0\]: unknown role "superuser"/],
    [
      GOOD.replace('role: biomedical-engineer', 'role: biomedical-engineer, manufacturer: GE'),
      /roleMapping\[1\]: only vendor-service accounts are scoped/,
    ],
    [GOOD.replace(', manufacturer: GE, site: north', ''), /roleMapping\[2\]: a vendor-service account needs a manufacturer/],
    [GOOD.replace(/roleMapping:[\s\S]*/, 'roleMapping: []'), /roleMapping must list at least one/],
    [`${GOOD}clockSkewSeconds: 3600\n`, /clockSkewSeconds must be a whole number of seconds, 0–600/],
    [`${GOOD}scopes: [profile]\n`, /scopes must be a list of scope names including "openid"/],
    [`${GOOD}issuerr: x\n`, /unknown setting "issuerr"/],
    ['issuer: [unclosed', /not YAML or JSON/],
    ['- a list', /must be a mapping/],
  ])('refuses a mistake (%#)', (text, why) => {
    expect(() => parseOidcConfig('oidc.yaml', text)).toThrow(why);
  });

  it('maps the first matching rule, and nothing for unmapped or malformed claims (no default role)', () => {
    const rules = parseOidcConfig('oidc.yaml', GOOD).roleMapping;
    expect(mapRole(rules, ['staff', 'RG-Biomed', 'RG-Admins'])?.role).toBe('admin');
    expect(mapRole(rules, 'RG-Biomed')?.role).toBe('biomedical-engineer');
    expect(mapRole(rules, ['staff'])).toBeNull();
    expect(mapRole(rules, undefined)).toBeNull();
    expect(mapRole(rules, { 'RG-Admins': true })).toBeNull();
    expect(mapRole(rules, [['RG-Admins']])).toBeNull();
  });
});
