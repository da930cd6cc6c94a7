/**
 * Banner fingerprints: SSH identification strings, HTTP `Server` headers and authentication realms (Orthanc 1.10
 * sends no Server header, but its realm names it), FTP greetings and telnet pre-login
 * text → product, version, CPE 2.3. Data, not code: each entry carries examples that fingerprints.test.ts
 * checks, so adding a product is adding an entry. The distribution part of a banner (`Debian-2+deb12u3`,
 * `(Ubuntu)`) is kept apart from the upstream version so later matching can lower confidence for backports.
 *
 * Patterns use named groups: `version` (upstream version), `update` (a CPE update field such as OpenSSH's
 * `p1`), `dist` (distribution build). `cpe` templates name those groups in braces.
 */
export type BannerSource = 'ssh' | 'http-server' | 'http-auth' | 'ftp' | 'telnet';

export interface BannerExample {
  readonly banner: string;
  readonly version?: string;
  readonly distribution?: string;
  readonly cpe?: string; // the first CPE expected, when the example should pin it
  readonly unmatched?: true; // a look-alike this fingerprint must not claim
}

export interface BannerFingerprint {
  readonly id: string;
  readonly source: BannerSource;
  readonly pattern: RegExp;
  readonly kind: 'application' | 'os';
  readonly product: string;
  readonly vendor: string;
  readonly cpe: readonly string[]; // templates: {version}, {update}
  readonly deviceType?: string;
  readonly examples: readonly BannerExample[];
}

export const BANNER_FINGERPRINTS: readonly BannerFingerprint[] = [
  // ── SSH: "SSH-2.0-<software> <comments>" is matched as "<software> <comments>" ──
  {
    id: 'openssh',
    source: 'ssh',
    pattern: /^OpenSSH_(?<version>\d+\.\d+(?:\.\d+)?)(?<update>p\d+)?(?:[ _-](?<dist>\S.*))?$/,
    kind: 'application', product: 'OpenSSH', vendor: 'OpenBSD',
    cpe: ['cpe:2.3:a:openbsd:openssh:{version}:{update}:*:*:*:*:*:*'],
    examples: [
      { banner: 'OpenSSH_9.2p1 Debian-2+deb12u3', version: '9.2p1', distribution: 'Debian-2+deb12u3', cpe: 'cpe:2.3:a:openbsd:openssh:9.2:p1:*:*:*:*:*:*' },
      { banner: 'OpenSSH_8.9p1 Ubuntu-3ubuntu0.6', version: '8.9p1', distribution: 'Ubuntu-3ubuntu0.6' },
      { banner: 'OpenSSH_7.4', version: '7.4', cpe: 'cpe:2.3:a:openbsd:openssh:7.4:*:*:*:*:*:*:*' },
      { banner: 'OpenSSH_5.3', version: '5.3' },
    ],
  },
  {
    id: 'dropbear',
    source: 'ssh',
    pattern: /^dropbear(?:_(?<version>\d{4}\.\d+))?/i,
    kind: 'application', product: 'Dropbear SSH', vendor: 'Dropbear SSH Project',
    cpe: ['cpe:2.3:a:dropbear_ssh_project:dropbear_ssh:{version}:*:*:*:*:*:*:*'],
    deviceType: 'embedded',
    examples: [{ banner: 'dropbear_2020.81', version: '2020.81' }, { banner: 'dropbear' }],
  },
  {
    id: 'libssh',
    source: 'ssh',
    pattern: /^libssh[_-](?<version>\d+\.\d+\.\d+)/,
    kind: 'application', product: 'libssh', vendor: 'libssh',
    cpe: ['cpe:2.3:a:libssh:libssh:{version}:*:*:*:*:*:*:*'],
    examples: [{ banner: 'libssh_0.9.6', version: '0.9.6' }],
  },
  // ── HTTP Server headers ──
  {
    id: 'nginx',
    source: 'http-server',
    pattern: /^nginx(?![-\w])(?:\/(?<version>\d+\.\d+\.\d+))?(?: \((?<dist>[^)]+)\))?/,
    kind: 'application', product: 'nginx', vendor: 'F5',
    cpe: ['cpe:2.3:a:f5:nginx:{version}:*:*:*:*:*:*:*', 'cpe:2.3:a:nginx:nginx:{version}:*:*:*:*:*:*:*'],
    examples: [
      { banner: 'nginx/1.22.1', version: '1.22.1', cpe: 'cpe:2.3:a:f5:nginx:1.22.1:*:*:*:*:*:*:*' },
      { banner: 'nginx/1.18.0 (Ubuntu)', version: '1.18.0', distribution: 'Ubuntu' },
      { banner: 'nginx' },
    ],
  },
  {
    id: 'apache-httpd',
    source: 'http-server',
    pattern: /^Apache(?![-\w])(?:\/(?<version>\d+\.\d+\.\d+))?(?: \((?<dist>[^)]+)\))?/,
    kind: 'application', product: 'Apache HTTP Server', vendor: 'Apache Software Foundation',
    cpe: ['cpe:2.3:a:apache:http_server:{version}:*:*:*:*:*:*:*'],
    examples: [
      { banner: 'Apache/2.4.57 (Debian)', version: '2.4.57', distribution: 'Debian', cpe: 'cpe:2.3:a:apache:http_server:2.4.57:*:*:*:*:*:*:*' },
      { banner: 'Apache/2.2.15 (CentOS) mod_ssl/2.2.15 OpenSSL/1.0.1e-fips', version: '2.2.15', distribution: 'CentOS' },
      { banner: 'Apache' },
      { banner: 'Apache-Coyote/1.1', unmatched: true },
    ],
  },
  {
    id: 'openssl-in-server-header',
    source: 'http-server',
    pattern: /\bOpenSSL\/(?<version>\d+\.\d+\.\d+[a-z]{0,2})(?:-(?<dist>[\w.]+))?/,
    kind: 'application', product: 'OpenSSL', vendor: 'OpenSSL',
    cpe: ['cpe:2.3:a:openssl:openssl:{version}:*:*:*:*:*:*:*'],
    examples: [
      { banner: 'Apache/2.2.15 (CentOS) mod_ssl/2.2.15 OpenSSL/1.0.1e-fips', version: '1.0.1e', distribution: 'fips' },
      { banner: 'Apache/2.4.57 (Debian) OpenSSL/3.0.11', version: '3.0.11', cpe: 'cpe:2.3:a:openssl:openssl:3.0.11:*:*:*:*:*:*:*' },
    ],
  },
  {
    id: 'iis',
    source: 'http-server',
    pattern: /^Microsoft-IIS\/(?<version>\d+\.\d+)/,
    kind: 'application', product: 'Microsoft IIS', vendor: 'Microsoft',
    cpe: ['cpe:2.3:a:microsoft:internet_information_services:{version}:*:*:*:*:*:*:*'],
    examples: [{ banner: 'Microsoft-IIS/10.0', version: '10.0' }, { banner: 'Microsoft-IIS/7.5', version: '7.5' }],
  },
  {
    id: 'lighttpd',
    source: 'http-server',
    pattern: /^lighttpd(?![-\w])(?:\/(?<version>\d+\.\d+\.\d+))?/,
    kind: 'application', product: 'lighttpd', vendor: 'lighttpd',
    cpe: ['cpe:2.3:a:lighttpd:lighttpd:{version}:*:*:*:*:*:*:*'],
    examples: [{ banner: 'lighttpd/1.4.69', version: '1.4.69' }],
  },
  {
    id: 'jetty',
    source: 'http-server',
    pattern: /^Jetty\((?<version>\d+\.\d+\.\d+)(?:\.(?<dist>v\d+))?/,
    kind: 'application', product: 'Eclipse Jetty', vendor: 'Eclipse',
    cpe: ['cpe:2.3:a:eclipse:jetty:{version}:*:*:*:*:*:*:*'],
    examples: [{ banner: 'Jetty(9.4.44.v20210927)', version: '9.4.44', distribution: 'v20210927' }],
  },
  {
    id: 'rompager',
    source: 'http-server',
    pattern: /^Allegro-Software-RomPager\/(?<version>\d+\.\d+)/,
    kind: 'application', product: 'Allegro RomPager', vendor: 'Allegro Software',
    cpe: ['cpe:2.3:a:allegrosoft:rompager:{version}:*:*:*:*:*:*:*'],
    deviceType: 'embedded',
    examples: [{ banner: 'Allegro-Software-RomPager/4.07 UPnP/1.0', version: '4.07' }],
  },
  {
    id: 'boa',
    source: 'http-server',
    pattern: /^Boa\/(?<version>\d+\.\d+\.\d+(?:rc\d+)?)/,
    kind: 'application', product: 'Boa', vendor: 'Boa',
    cpe: ['cpe:2.3:a:boa:boa:{version}:*:*:*:*:*:*:*'],
    deviceType: 'embedded',
    examples: [{ banner: 'Boa/0.94.14rc21', version: '0.94.14rc21' }],
  },
  {
    id: 'mini-httpd',
    source: 'http-server',
    pattern: /^mini_httpd\/(?<version>\d+\.\d+)/,
    kind: 'application', product: 'mini_httpd', vendor: 'ACME Labs',
    cpe: ['cpe:2.3:a:acme:mini_httpd:{version}:*:*:*:*:*:*:*'],
    deviceType: 'embedded',
    examples: [{ banner: 'mini_httpd/1.19 19dec2003', version: '1.19' }],
  },
  // ── HTTP authentication challenges (WWW-Authenticate) ──
  {
    id: 'orthanc-realm',
    source: 'http-auth',
    pattern: /realm="Orthanc Secure Area"/,
    kind: 'application', product: 'Orthanc', vendor: 'Orthanc',
    cpe: ['cpe:2.3:a:orthanc-server:orthanc:{version}:*:*:*:*:*:*:*'],
    deviceType: 'pacs',
    examples: [{ banner: 'Basic realm="Orthanc Secure Area"' }],
  },
  // ── FTP greetings (the text after "220 ") ──
  {
    id: 'vsftpd',
    source: 'ftp',
    pattern: /\(vsFTPd (?<version>\d+\.\d+\.\d+)\)/,
    kind: 'application', product: 'vsftpd', vendor: 'Chris Evans',
    cpe: ['cpe:2.3:a:beasts:vsftpd:{version}:*:*:*:*:*:*:*'],
    examples: [{ banner: '(vsFTPd 3.0.3)', version: '3.0.3', cpe: 'cpe:2.3:a:beasts:vsftpd:3.0.3:*:*:*:*:*:*:*' }, { banner: '(vsFTPd 2.3.4)', version: '2.3.4' }],
  },
  {
    id: 'proftpd',
    source: 'ftp',
    pattern: /ProFTPD (?<version>\d+\.\d+\.\d+)(?<update>[a-z]|rc\d+)? Server(?: \((?<dist>[^)]+)\))?/,
    kind: 'application', product: 'ProFTPD', vendor: 'ProFTPD Project',
    cpe: ['cpe:2.3:a:proftpd:proftpd:{version}:{update}:*:*:*:*:*:*'],
    examples: [
      { banner: 'ProFTPD 1.3.5e Server (Debian) [::ffff:10.0.0.5]', version: '1.3.5e', distribution: 'Debian', cpe: 'cpe:2.3:a:proftpd:proftpd:1.3.5:e:*:*:*:*:*:*' },
      { banner: 'ProFTPD 1.3.8 Server (ProFTPD)', version: '1.3.8', distribution: 'ProFTPD' },
    ],
  },
  {
    id: 'filezilla-server',
    source: 'ftp',
    pattern: /FileZilla Server(?: version)? (?<version>\d+\.\d+\.\d+)/,
    kind: 'application', product: 'FileZilla Server', vendor: 'FileZilla Project',
    cpe: ['cpe:2.3:a:filezilla-project:filezilla_server:{version}:*:*:*:*:*:*:*'],
    examples: [{ banner: 'FileZilla Server 0.9.60 beta', version: '0.9.60' }, { banner: 'FileZilla Server version 0.9.41 beta', version: '0.9.41' }],
  },
  {
    id: 'microsoft-ftp',
    source: 'ftp',
    pattern: /^Microsoft FTP Service/,
    kind: 'application', product: 'Microsoft IIS FTP Service', vendor: 'Microsoft',
    cpe: ['cpe:2.3:a:microsoft:internet_information_services:{version}:*:*:*:*:*:*:*'],
    examples: [{ banner: 'Microsoft FTP Service' }],
  },
  // ── Telnet pre-login text and SSH distribution strings: the operating system ──
  {
    id: 'debian-telnet-issue',
    source: 'telnet',
    pattern: /\bDebian GNU\/Linux (?<version>\d+)/,
    kind: 'os', product: 'Debian GNU/Linux', vendor: 'Debian',
    cpe: ['cpe:2.3:o:debian:debian_linux:{version}:*:*:*:*:*:*:*'],
    examples: [{ banner: 'Debian GNU/Linux 12\nfoo login:', version: '12' }],
  },
  {
    // GNU inetutils telnetd prints its own "%s %r (%h) (%t)" issue line: system, kernel release, host, tty.
    id: 'inetutils-telnetd-issue',
    source: 'telnet',
    pattern: /^Linux (?<version>\d+\.\d+(?:\.\d+)?)(?:-(?<dist>\S+))? \([^)\n]*\) \(pts\/\d+\)/m,
    kind: 'os', product: 'Linux', vendor: 'Linux',
    cpe: ['cpe:2.3:o:linux:linux_kernel:{version}:*:*:*:*:*:*:*'],
    examples: [{ banner: 'Linux 6.1.0-18-amd64 (pacs) (pts/0)\n\npacs login:', version: '6.1.0', distribution: '18-amd64' }],
  },
  {
    id: 'ubuntu-telnet-issue',
    source: 'telnet',
    pattern: /\bUbuntu (?<version>\d+\.\d+)(?:\.\d+)?(?: LTS)?/,
    kind: 'os', product: 'Ubuntu', vendor: 'Canonical',
    cpe: ['cpe:2.3:o:canonical:ubuntu_linux:{version}:*:*:*:*:*:*:*'],
    examples: [{ banner: 'Ubuntu 22.04.3 LTS\nhost login:', version: '22.04' }],
  },
  {
    id: 'windows-telnet',
    source: 'telnet',
    pattern: /Welcome to Microsoft Telnet Service/,
    kind: 'os', product: 'Microsoft Windows', vendor: 'Microsoft',
    cpe: ['cpe:2.3:o:microsoft:windows:{version}:*:*:*:*:*:*:*'],
    examples: [{ banner: 'Welcome to Microsoft Telnet Service \n\nlogin:' }],
  },
  {
    id: 'debian-ssh-build',
    source: 'ssh',
    pattern: /\bDebian-\S*\+deb(?<version>\d+)u\d+/,
    kind: 'os', product: 'Debian GNU/Linux', vendor: 'Debian',
    cpe: ['cpe:2.3:o:debian:debian_linux:{version}:*:*:*:*:*:*:*'],
    examples: [{ banner: 'OpenSSH_9.2p1 Debian-2+deb12u3', version: '12' }],
  },
];
