/**
 * A login page, an HTTP authentication challenge or an admin console served over plain HTTP: the password
 * crosses the network in clear text (Basic authentication sends it with every request).
 */
import { defineRule, perObservation, verdictFor } from '../rule.js';
import { httpResponse } from '../../probes/http/observations.js';

const CONSOLE_WORDS = ['login', 'log in', 'sign in', 'admin', 'administration', 'console', 'configuration', 'management'];

export default defineRule({
  id: 'http-no-tls',
  title: 'Login or admin interface over plain HTTP',
  severity: 'medium',
  remediation:
    'Serve this interface over HTTPS only (enable TLS in the device or put a TLS reverse proxy in front of it) and ' +
    'make the plain-HTTP port redirect to HTTPS or close it. Ask the vendor for the supported way to install a ' +
    'certificate from the hospital\'s CA.',
  check: perObservation(httpResponse, (o) => {
    const d = o.data;
    if (d.tls) return undefined;
    if (d.status >= 300 && d.status < 400 && /^https:/i.test(d.location ?? '')) return undefined;
    const reasons: string[] = [];
    const schemes = d.wwwAuthenticate.map((w) => w.split(/\s/)[0]!).filter(Boolean);
    if (schemes.length) reasons.push(`asks for HTTP ${schemes.join('/')} authentication (status ${d.status})`);
    if (d.passwordForm) reasons.push('serves a page with a password field');
    const words = d.adminHints.filter((w) => CONSOLE_WORDS.includes(w));
    if (!reasons.length && words.length && d.status < 400) reasons.push(`serves a page whose title reads "${d.title ?? ''}"`);
    if (!reasons.length) return undefined;
    const basic = schemes.some((s) => /^basic$/i.test(s));
    return verdictFor(
      o,
      `Port ${o.endpoint.port} ${reasons.join(' and ')} over plain HTTP` +
        (d.server ? ` (Server: ${d.server})` : '') +
        (basic ? '; Basic authentication sends the password, merely base64-encoded, with every request.' : '.'),
      { severity: basic || d.passwordForm ? 'high' : 'medium' },
    );
  }),
});
