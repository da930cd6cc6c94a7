/** http-no-tls on plain observations: login forms, HTTP authentication and consoles over HTTP; not redirects. */
import { describe, expect, it } from 'vitest';
import { hostFacts, obs } from '../../../test/fakes/hygiene-facts.js';
import { httpResponse, type HttpResponseData } from '../../probes/http/observations.js';
import rule from './http-no-tls.rule.js';

const resp = (over: Partial<HttpResponseData>): HttpResponseData => ({
  tls: false, status: 200, server: null, poweredBy: null, title: null, wwwAuthenticate: [], location: null,
  contentType: 'text/html', passwordForm: false, adminHints: [], ...over,
});
const judge = (d: HttpResponseData) => rule.check(hostFacts([obs(httpResponse, d, 8042)]));

describe('http-no-tls', () => {
  it('Basic authentication over HTTP (Orthanc REST): high', () => {
    const v = judge(resp({ status: 401, wwwAuthenticate: ['Basic realm="Orthanc Secure Area"'] }));
    expect(v).toMatchObject([{ port: 8042, severity: 'high' }]);
    expect(v[0]!.evidence).toMatch(/HTTP Basic authentication \(status 401\).*base64/);
  });
  it('a password form: high; an admin console title alone: medium', () => {
    expect(judge(resp({ passwordForm: true, adminHints: ['login', 'password'] }))[0]?.severity).toBe('high');
    expect(judge(resp({ title: 'Printer Administration', adminHints: ['admin', 'administration'] }))[0]?.severity).toBe('medium');
  });
  it('quiet for HTTPS, redirects to HTTPS, and plain pages', () => {
    expect(judge(resp({ tls: true, passwordForm: true }))).toEqual([]);
    expect(judge(resp({ status: 301, location: 'https://pacs/' }))).toEqual([]);
    expect(judge(resp({ title: 'Welcome to nginx!' }))).toEqual([]);
    expect(judge(resp({ status: 404, title: 'admin not found', adminHints: ['admin'] }))).toEqual([]);
  });
});
