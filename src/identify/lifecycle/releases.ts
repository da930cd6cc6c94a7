/**
 * Upstream releases and end-of-life dates for software found on imaging networks, so `outdated-software` can
 * judge a fingerprint's age without any feed. A date is 'YYYY-MM-DD', or 'YYYY-MM' where upstream states only
 * the month. `eol` is the upstream end of support of a line (null: upstream states none; for projects that
 * support only their newest release, age is the measure). Dates come from the listed sources as of `compiled`;
 * lifecycle.test.ts checks the table's shape and its examples. Distribution vendors (Debian, Red Hat …) often
 * support a line long after upstream: the rule says so in its evidence.
 */
export interface ReleaseLine {
  readonly line: string; // version prefix: '9.2', '1.22', '2.4', '3.0', '17'
  readonly released: string; // first release of the line
  readonly eol: string | null;
  /** Known release dates of individual versions in the line, for exact ages ('2.4.57': '2023-04-06'). */
  readonly releases?: Readonly<Record<string, string>>;
}

export interface ProductLifecycle {
  readonly product: string;
  readonly cpes: readonly string[]; // 'vendor:product' pairs as in CPE 2.3
  readonly policy: string; // how upstream supports releases, in one sentence
  readonly sources: readonly string[];
  readonly compiled: string;
  readonly lines: readonly ReleaseLine[]; // oldest first
  /** Rewrites a version before matching lines, e.g. Java's '1.8.0_202' → '8.0_202'. */
  readonly normalize?: { readonly pattern: RegExp; readonly replacement: string };
  readonly examples: ReadonlyArray<{ version: string; at: string; status: 'current' | 'aged' | 'end-of-life'; line?: string }>;
}

export const LIFECYCLE: readonly ProductLifecycle[] = [
  {
    product: 'OpenSSH',
    cpes: ['openbsd:openssh'],
    policy: 'Upstream fixes only the newest release; there are no maintained older branches.',
    sources: ['https://www.openssh.com/releasenotes.html'],
    compiled: '2026-11-30',
    lines: [
      { line: '5.3', released: '2009-10-01', eol: null },
      { line: '6.6', released: '2014-03-15', eol: null },
      { line: '7.4', released: '2016-12-19', eol: null },
      { line: '7.9', released: '2018-10-19', eol: null },
      { line: '8.0', released: '2019-04-17', eol: null },
      { line: '8.2', released: '2020-02-14', eol: null },
      { line: '8.4', released: '2020-09-27', eol: null },
      { line: '8.9', released: '2022-02-23', eol: null },
      { line: '9.0', released: '2022-04-08', eol: null },
      { line: '9.2', released: '2023-02-02', eol: null },
      { line: '9.3', released: '2023-03-15', eol: null },
      { line: '9.6', released: '2023-12-18', eol: null },
      { line: '9.8', released: '2024-07-01', eol: null },
      { line: '9.9', released: '2024-09-19', eol: null },
      { line: '10.0', released: '2025-04-09', eol: null },
      { line: '10.2', released: '2025-10-10', eol: null },
    ],
    examples: [
      { version: '9.2p1', at: '2026-11-30', status: 'aged', line: '9.2' },
      { version: '10.2p1', at: '2026-11-30', status: 'current', line: '10.2' },
    ],
  },
  {
    product: 'nginx',
    cpes: ['f5:nginx', 'nginx:nginx'],
    policy: 'Only the current stable (even minor) and mainline (odd minor) lines get fixes; a line ends when the next stable line is released.',
    sources: ['https://nginx.org/en/CHANGES', 'https://nginx.org/en/download.html'],
    compiled: '2026-11-30',
    lines: [
      { line: '1.10', released: '2016-04-26', eol: '2017-04-12' },
      { line: '1.12', released: '2017-04-12', eol: '2018-04-17' },
      { line: '1.14', released: '2018-04-17', eol: '2019-04-23' },
      { line: '1.16', released: '2019-04-23', eol: '2020-04-21' },
      { line: '1.18', released: '2020-04-21', eol: '2021-04-20' },
      { line: '1.20', released: '2021-04-20', eol: '2022-05-24' },
      { line: '1.22', released: '2022-05-24', eol: '2023-04-11', releases: { '1.22.0': '2022-05-24', '1.22.1': '2022-10-19' } },
      { line: '1.24', released: '2023-04-11', eol: '2024-04-23' },
      { line: '1.26', released: '2024-04-23', eol: '2025-04-23' },
      { line: '1.28', released: '2025-04-23', eol: null },
      { line: '1.29', released: '2025-06-24', eol: null },
    ],
    examples: [
      { version: '1.22.1', at: '2026-11-30', status: 'end-of-life', line: '1.22' },
      { version: '1.28.0', at: '2025-06-01', status: 'current', line: '1.28' },
    ],
  },
  {
    product: 'Apache HTTP Server',
    cpes: ['apache:http_server'],
    policy: 'The 2.4 line is maintained; 2.2 ended with 2.2.34 and 2.0 with 2.0.65.',
    sources: ['https://httpd.apache.org/download.cgi', 'https://archive.apache.org/dist/httpd/CHANGES_2.4', 'https://httpd.apache.org/security/vulnerabilities_22.html'],
    compiled: '2026-11-30',
    lines: [
      { line: '2.0', released: '2002-04-06', eol: '2013-07-10' },
      { line: '2.2', released: '2005-12-01', eol: '2017-07-11' },
      {
        line: '2.4',
        released: '2012-02-21',
        eol: null,
        releases: {
          '2.4.7': '2013-11-25', '2.4.10': '2014-07-21', '2.4.18': '2015-12-13', '2.4.25': '2016-12-20', '2.4.29': '2017-10-23',
          '2.4.38': '2019-01-22', '2.4.41': '2019-08-14', '2.4.46': '2020-08-07', '2.4.51': '2021-10-07', '2.4.52': '2021-12-20',
          '2.4.54': '2022-06-08', '2.4.57': '2023-04-06', '2.4.58': '2023-10-19', '2.4.59': '2024-04-04', '2.4.62': '2024-07-17',
          '2.4.63': '2025-01-23',
        },
      },
    ],
    examples: [
      { version: '2.2.15', at: '2026-11-30', status: 'end-of-life', line: '2.2' },
      { version: '2.4.57', at: '2026-11-30', status: 'aged', line: '2.4' },
      { version: '2.4.63', at: '2025-06-01', status: 'current', line: '2.4' },
    ],
  },
  {
    product: 'vsftpd',
    cpes: ['beasts:vsftpd'],
    policy: 'Single developer; no release since 3.0.5. Only the newest release is current.',
    sources: ['https://security.appspot.com/vsftpd.html', 'vsftpd changelog (Debian /usr/share/doc/vsftpd/changelog.gz)'],
    compiled: '2026-11-30',
    lines: [
      { line: '2.3', released: '2010-08', eol: null },
      { line: '3.0', released: '2012-04', eol: null, releases: { '3.0.2': '2012-09', '3.0.3': '2015-07', '3.0.5': '2021-08' } },
    ],
    examples: [
      { version: '2.3.4', at: '2026-11-30', status: 'aged', line: '2.3' },
      { version: '3.0.3', at: '2026-11-30', status: 'aged', line: '3.0' },
      { version: '3.0.5', at: '2022-01-01', status: 'current', line: '3.0' },
    ],
  },
  {
    product: 'OpenSSL',
    cpes: ['openssl:openssl'],
    policy: 'Each line has a published end of support; LTS lines get five years.',
    sources: ['https://openssl-library.org/policies/releasestrat/', 'https://openssl-library.org/news/vulnerabilities/'],
    compiled: '2026-11-30',
    lines: [
      { line: '0.9.8', released: '2005-07-05', eol: '2015-12-31' },
      { line: '1.0.0', released: '2010-03-29', eol: '2015-12-31' },
      { line: '1.0.1', released: '2012-03-14', eol: '2016-12-31' },
      { line: '1.0.2', released: '2015-01-22', eol: '2019-12-31' },
      { line: '1.1.0', released: '2016-08-25', eol: '2019-09-11' },
      { line: '1.1.1', released: '2018-09-11', eol: '2023-09-11' },
      { line: '3.0', released: '2021-09-07', eol: '2026-09-07' },
      { line: '3.1', released: '2023-03-14', eol: '2025-03-14' },
      { line: '3.2', released: '2023-11-23', eol: '2025-11-23' },
      { line: '3.3', released: '2024-04-09', eol: '2026-04-09' },
      { line: '3.4', released: '2024-10-22', eol: '2026-10-22' },
      { line: '3.5', released: '2025-04-08', eol: '2030-04-08' },
    ],
    examples: [
      { version: '1.0.1e', at: '2026-11-30', status: 'end-of-life', line: '1.0.1' },
      { version: '3.0.11', at: '2026-11-30', status: 'end-of-life', line: '3.0' },
      { version: '3.5.1', at: '2026-11-30', status: 'current', line: '3.5' },
    ],
  },
  {
    product: 'Java SE',
    cpes: ['oracle:jdk', 'oracle:jre', 'oracle:openjdk'],
    normalize: { pattern: /^1\.(?=\d)/, replacement: '' },
    policy: 'Oracle Premier Support end dates; non-LTS releases end when the next release ships. Other vendors (Red Hat, Azul, Adoptium) may support longer.',
    sources: ['https://www.oracle.com/java/technologies/java-se-support-roadmap.html'],
    compiled: '2026-11-30',
    lines: [
      { line: '6', released: '2006-12-11', eol: '2015-12' },
      { line: '7', released: '2011-07-28', eol: '2019-07' },
      { line: '8', released: '2014-03-18', eol: '2022-03' },
      { line: '11', released: '2018-09-25', eol: '2023-09' },
      { line: '17', released: '2021-09-14', eol: '2026-09' },
      { line: '21', released: '2023-09-19', eol: '2028-09' },
      { line: '25', released: '2025-09-16', eol: '2030-09' },
    ],
    examples: [
      { version: '1.8.0_202', at: '2026-11-30', status: 'end-of-life', line: '8' },
      { version: '8u202', at: '2026-11-30', status: 'end-of-life', line: '8' },
      { version: '21.0.2', at: '2026-11-30', status: 'current', line: '21' },
    ],
  },
  {
    product: 'Samba',
    cpes: ['samba:samba'],
    policy: 'Three release series are supported at a time; a series is discontinued about 18 months after its .0 release.',
    sources: ['https://wiki.samba.org/index.php/Samba_Release_Planning'],
    compiled: '2026-11-30',
    lines: [
      { line: '3.0', released: '2003-09-24', eol: '2009-10' },
      { line: '3.6', released: '2011-08-09', eol: '2015-03' },
      { line: '4.15', released: '2021-09-20', eol: '2023-03' },
      { line: '4.16', released: '2022-03-21', eol: '2023-09' },
      { line: '4.17', released: '2022-09-13', eol: '2024-03' },
      { line: '4.18', released: '2023-03-08', eol: '2024-09' },
      { line: '4.19', released: '2023-09-04', eol: '2025-03' },
      { line: '4.20', released: '2024-03-27', eol: '2025-09' },
      { line: '4.21', released: '2024-09', eol: '2026-03' },
      { line: '4.22', released: '2025-03', eol: '2026-09' },
      { line: '4.23', released: '2025-09', eol: null },
    ],
    examples: [
      { version: '4.17.12', at: '2026-11-30', status: 'end-of-life', line: '4.17' },
      { version: '3.0.37', at: '2026-11-30', status: 'end-of-life', line: '3.0' },
      { version: '4.23.1', at: '2026-01-01', status: 'current', line: '4.23' },
    ],
  },
  {
    product: 'DCMTK',
    cpes: ['offis:dcmtk'],
    policy: 'OFFIS fixes the newest release (and the public development branch); older releases get no updates.',
    sources: ['https://dicom.offis.de/en/dcmtk/dcmtk-tools/', 'https://git.dcmtk.org/?p=dcmtk.git;a=tags'],
    compiled: '2026-11-30',
    lines: [
      { line: '3.6.0', released: '2011-01-06', eol: null },
      { line: '3.6.2', released: '2017-07-17', eol: null },
      { line: '3.6.3', released: '2018-02-05', eol: null },
      { line: '3.6.4', released: '2018-11-29', eol: null },
      { line: '3.6.5', released: '2019-10-28', eol: null },
      { line: '3.6.6', released: '2021-01-14', eol: null },
      { line: '3.6.7', released: '2022-04-28', eol: null },
      { line: '3.6.8', released: '2023-12-19', eol: null },
      { line: '3.6.9', released: '2024-12', eol: null },
    ],
    examples: [
      { version: '3.6.7', at: '2026-11-30', status: 'aged', line: '3.6.7' },
      { version: '3.6.9', at: '2025-06-01', status: 'current', line: '3.6.9' },
    ],
  },
  {
    product: 'Orthanc',
    cpes: ['orthanc-server:orthanc'],
    policy: 'Upstream fixes only the newest release.',
    sources: ['https://orthanc.uclouvain.be/hg/orthanc/file/default/NEWS', 'Debian /usr/share/doc/orthanc/NEWS.gz'],
    compiled: '2026-11-30',
    lines: [
      { line: '1.9', released: '2021-01-29', eol: null, releases: { '1.9.7': '2021-08-31' } },
      { line: '1.10', released: '2022-02-23', eol: null, releases: { '1.10.0': '2022-02-23', '1.10.1': '2022-03-23' } },
      { line: '1.11', released: '2022-05-10', eol: null, releases: { '1.11.1': '2022-06-30', '1.11.2': '2022-08-31', '1.11.3': '2023-02-07' } },
      { line: '1.12', released: '2023-04-15', eol: null, releases: { '1.12.1': '2023-07-04', '1.12.3': '2024-01-31', '1.12.4': '2024-06-05' } },
    ],
    examples: [
      { version: '1.10.1', at: '2026-11-30', status: 'aged', line: '1.10' },
      { version: '1.12.4', at: '2024-07-01', status: 'current', line: '1.12' },
    ],
  },
];
