/**
 * Feed records for OpenSSH 9.2p1 as Debian 12 builds it. No OpenSSH record and no Debian OSV record is in
 * shared/data: these are built from the NVD 2.0 and OSV schemas in the shapes NVD and osv.dev serve. Their CVE ids
 * (CVE-2099-…) and versions are made up: CVE-2099-1000 is fixed in every Debian release by a backport (bookworm:
 * 1:9.2p1-2+deb12u3; Ubuntu 22.04: 1:8.9p1-3ubuntu0.11), CVE-2099-1001 is still open in bookworm. NVD says both
 * affect OpenSSH before 9.8p1.
 */
const nvd = (id: string) => ({
  id,
  sourceIdentifier: 'cve@mitre.org',
  published: '2099-01-01T00:00:00.000',
  lastModified: '2099-01-02T00:00:00.000',
  vulnStatus: 'Analyzed',
  descriptions: [{ lang: 'en', value: `${id}: made up for the test` }],
  metrics: {},
  configurations: [
    {
      nodes: [
        {
          operator: 'OR',
          negate: false,
          cpeMatch: [
            {
              vulnerable: true,
              criteria: 'cpe:2.3:a:openbsd:openssh:*:*:*:*:*:*:*:*',
              versionEndExcluding: '9.8p1',
              matchCriteriaId: `M-${id}`,
            },
          ],
        },
      ],
    },
  ],
  references: [],
});

/** An NVD CVE API 2.0 envelope. */
export const openSshNvd = {
  format: 'NVD_CVE',
  version: '2.0',
  vulnerabilities: [nvd('CVE-2099-1000'), nvd('CVE-2099-1001')].map((cve) => ({ cve })),
};

/**
 * A distribution's record of a CVE for one of its source packages, in osv.dev's shape: the fixed version per
 * release (`Debian:12`, `Ubuntu:22.04:LTS`), none when the release is still open.
 */
const distroRecord = (distro: 'Debian' | 'Ubuntu') => (cve: string, name: string, releases: Record<string, string | undefined>) => ({
  schema_version: '1.7.0',
  id: `${distro.toUpperCase()}-${cve}`,
  modified: '2099-01-03T00:00:00Z',
  upstream: [cve],
  affected: Object.entries(releases).map(([release, fixed]) => ({
    package: {
      ecosystem: distro === 'Ubuntu' ? `Ubuntu:${release}:LTS` : `Debian:${release}`,
      name,
      purl: `pkg:deb/${distro.toLowerCase()}/${name}?arch=source`,
    },
    ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, ...(fixed ? [{ fixed }] : [])] }],
  })),
});
export const debianRecord = distroRecord('Debian');
export const ubuntuRecord = distroRecord('Ubuntu');

export const debianOsv = [
  debianRecord('CVE-2099-1000', 'openssh', { '11': '1:8.4p1-5+deb11u3', '12': '1:9.2p1-2+deb12u3', '13': '1:9.7p1-7' }),
  debianRecord('CVE-2099-1001', 'openssh', { '12': undefined }),
  // Ubuntu's LTS releases each ship one OpenSSH: 20.04 8.2p1, 22.04 8.9p1, 24.04 9.6p1.
  ubuntuRecord('CVE-2099-1000', 'openssh', {
    '20.04': '1:8.2p1-4ubuntu0.12',
    '22.04': '1:8.9p1-3ubuntu0.11',
    '24.04': '1:9.6p1-3ubuntu13.6',
  }),
];

/** Writes the records as feed files into `dir` (which must exist). */
export function writeOpenSshFeeds(dir: string, write: (file: string, text: string) => void): void {
  write(`${dir}/nvd.json`, JSON.stringify(openSshNvd));
  for (const r of debianOsv) write(`${dir}/${r.id}.json`, JSON.stringify(r));
}
