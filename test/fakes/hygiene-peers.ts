/**
 * Real hygiene daemons from Debian packages, started inside a test namespace with their config in a temp dir:
 * vsftpd, inetutils telnetd (under inetd), nginx (plain + TLS), OpenSSH, TigerVNC's Xvnc. Shared by the
 * hygiene integration suites and bench/identify. Every starter waits until its port answers
 * (server-first Xvnc and sshd: until their banner).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitForBanner, waitForPort, type TestHost } from '../peers/netns.js';

export const LOGIN_PAGE =
  '<html><head><title>PACS Web Login</title></head><body><form method="post">' +
  '<input name="user"><input type="password" name="pw"></form></body></html>';

export async function startVsftpd(
  h: TestHost,
  dir: string,
  o: { anonymous: boolean; noAnonPassword: boolean; banner: string | null },
): Promise<void> {
  mkdirSync(join(dir, 'pub'), { recursive: true, mode: 0o755 });
  mkdirSync('/var/run/vsftpd/empty', { recursive: true });
  const conf = join(dir, `${h.name}.vsftpd.conf`);
  writeFileSync(
    conf,
    [
      'listen=YES', 'listen_ipv6=NO', 'background=NO', 'seccomp_sandbox=NO', 'isolate_network=NO',
      `anonymous_enable=${o.anonymous ? 'YES' : 'NO'}`, `no_anon_password=${o.noAnonPassword ? 'YES' : 'NO'}`,
      `anon_root=${join(dir, 'pub')}`, 'local_enable=YES', 'write_enable=NO', 'pam_service_name=vsftpd',
      'secure_chroot_dir=/var/run/vsftpd/empty', 'xferlog_enable=NO', ...(o.banner ? [`ftpd_banner=${o.banner}`] : []),
    ].join('\n') + '\n',
  );
  h.spawn('/usr/sbin/vsftpd', [conf]);
  await waitForPort(h.address, 21);
}

export async function startTelnetd(h: TestHost, dir: string): Promise<void> {
  const conf = join(dir, `${h.name}.inetd.conf`);
  writeFileSync(conf, 'telnet stream tcp nowait root /usr/sbin/telnetd telnetd\n');
  h.spawn('/usr/sbin/inetutils-inetd', ['-d', conf]);
  await waitForPort(h.address, 23);
}

export interface Certificates {
  readonly legacyCert: string; // expired (2023-01-01 … 2024-01-01), self-signed, RSA 1024
  readonly legacyKey: string;
  readonly goodCert: string; // leaf + CA, RSA 2048, valid 825 days from now
  readonly goodKey: string;
}

/** Makes both certificates with openssl; `openssl ca -selfsign` backdates without faketime. */
export function makeCertificates(dir: string): Certificates {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  mkdirSync(join(dir, 'newcerts'), { recursive: true });
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '1000\n');
  writeFileSync(
    join(dir, 'ca.cnf'),
    `[ca]\ndefault_ca=d\n[d]\ndir=${dir}\ndatabase=${dir}/index.txt\nnew_certs_dir=${dir}/newcerts\nserial=${dir}/serial\n` +
      'default_md=sha256\npolicy=p\n[p]\ncommonName=supplied\n[leaf]\nbasicConstraints=CA:FALSE\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n',
  );
  ssl('req', '-new', '-newkey', 'rsa:1024', '-nodes', '-keyout', 'legacy.key', '-subj', '/CN=legacy-modality', '-out', 'legacy.csr');
  ssl('ca', '-batch', '-config', 'ca.cnf', '-selfsign', '-keyfile', 'legacy.key', '-in', 'legacy.csr',
    '-startdate', '20230101000000Z', '-enddate', '20240101000000Z', '-out', 'legacy.crt');
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-subj', '/CN=Test Hospital CA', '-days', '3650', '-out', 'ca.crt');
  ssl('req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'good.key', '-subj', '/CN=good-pacs', '-out', 'good.csr');
  // Fixed dates around the tests' fixed scan clock (2026-11-30): a leaf valid from "now" would be "not yet valid"
  // at that clock whenever the tests run later in the day, or on any later day.
  ssl('ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.crt', '-keyfile', 'ca.key', '-extensions', 'leaf', '-in', 'good.csr',
    '-startdate', '20250101000000Z', '-enddate', '20351231000000Z', '-notext', '-out', 'good.leaf');
  writeFileSync(join(dir, 'good.crt'), Buffer.concat([readFileSync(join(dir, 'good.leaf')), readFileSync(join(dir, 'ca.crt'))]));
  return { legacyCert: join(dir, 'legacy.crt'), legacyKey: join(dir, 'legacy.key'), goodCert: join(dir, 'good.crt'), goodKey: join(dir, 'good.key') };
}

/** A "legacy" web console: TLS 1.0–1.3 at level 0 with every cipher left, expired cert, login page on plain HTTP. */
export const legacyTls = (c: Certificates) =>
  `ssl_certificate ${c.legacyCert}; ssl_certificate_key ${c.legacyKey}; ` +
  'ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3; ssl_ciphers ALL:eNULL:@SECLEVEL=0; ssl_prefer_server_ciphers off;';
/** A good one: TLS 1.2+ only, CA-issued cert, plain HTTP only redirects. */
export const goodTls = (c: Certificates) => `ssl_certificate ${c.goodCert}; ssl_certificate_key ${c.goodKey}; ssl_protocols TLSv1.2 TLSv1.3;`;
export const REDIRECT_TO_HTTPS = 'return 301 https://$host$request_uri;';

export async function startNginx(h: TestHost, dir: string, tlsLines: string, httpBody = ''): Promise<void> {
  const root = join(dir, `nginx-${h.name}`);
  mkdirSync(join(root, 'html'), { recursive: true });
  writeFileSync(join(root, 'html', 'index.html'), LOGIN_PAGE);
  const conf = join(root, 'nginx.conf');
  writeFileSync(
    conf,
    `daemon off; user root; master_process on; worker_processes 1; pid ${root}/nginx.pid; error_log ${root}/error.log;
events { worker_connections 64; }
http {
  access_log off; client_body_temp_path ${root}/body; proxy_temp_path ${root}/proxy; fastcgi_temp_path ${root}/fcgi;
  uwsgi_temp_path ${root}/uwsgi; scgi_temp_path ${root}/scgi; default_type text/html;
  server { listen 80; root ${root}/html; ${httpBody} }
  server { listen 443 ssl; root ${root}/html; ${tlsLines} }
}
`,
  );
  h.spawn('/usr/sbin/nginx', ['-c', conf, '-p', root]);
  await Promise.all([waitForPort(h.address, 80), waitForPort(h.address, 443)]);
}

/** Host keys for sshd (ed25519, RSA, and DSA for the legacy configuration). */
export function makeHostKeys(dir: string): void {
  mkdirSync('/run/sshd', { recursive: true });
  for (const t of ['ed25519', 'rsa', 'dsa']) execFileSync('ssh-keygen', ['-q', '-t', t, '-N', '', '-f', join(dir, t)]);
}

export const WEAK_SSH = [
  'KexAlgorithms +diffie-hellman-group1-sha1', 'HostKeyAlgorithms +ssh-dss', 'Ciphers +aes128-cbc,3des-cbc', 'MACs +hmac-md5',
];

export async function startSshd(h: TestHost, dir: string, extra: readonly string[] = []): Promise<void> {
  const conf = join(dir, `${h.name}.sshd_config`);
  const dsa = extra.some((l) => l.includes('ssh-dss')) ? [`HostKey ${dir}/dsa`] : [];
  writeFileSync(
    conf,
    [`HostKey ${dir}/ed25519`, `HostKey ${dir}/rsa`, ...dsa, ...extra, `PidFile ${dir}/${h.name}.sshd.pid`, 'UsePAM no', 'PasswordAuthentication no'].join('\n') + '\n',
  );
  h.spawn('/usr/sbin/sshd', ['-D', '-e', '-f', conf]);
  await waitForBanner(h.address, 22);
}

/** Xvnc on port 5900; `password` null means -SecurityTypes None. Displays must differ across running servers. */
export async function startXvnc(h: TestHost, dir: string, display: number, password: string | null): Promise<void> {
  const sec = ['-SecurityTypes', 'None'];
  if (password !== null) {
    const file = join(dir, `${h.name}.vncpass`);
    writeFileSync(file, execFileSync('vncpasswd', ['-f'], { input: `${password}\n` }));
    sec.splice(0, 2, '-SecurityTypes', 'VncAuth', '-PasswordFile', file);
  }
  h.spawn('Xvnc', [`:${display}`, '-rfbport', '5900', '-nolisten', 'tcp', '-geometry', '320x200', ...sec]);
  await waitForBanner(h.address, 5900);
}
