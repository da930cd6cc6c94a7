/**
 * Windows builds as servers reveal them (NTLMSSP version fields: major.minor.build; SMB1 NativeOS; the Windows
 * SNMP agent's sysDescr) → product family and end of support. One NT build is shared by a client, a server and
 * embedded editions (6.1.7601 = Windows 7 SP1, Server 2008 R2 SP1, Embedded Standard 7, POSReady 7), and the wire
 * does not say which: each row lists every edition with its own date, and `legacy-os` calls a build out of
 * support only when every edition's date has passed. Paid Extended Security Updates (ESU) are not counted: a
 * device on ESU is still a device outside mainstream support, which is what the finding says.
 *
 * Compiled 2026-11-30 from Microsoft's lifecycle pages (end of extended support, or end of servicing for
 * Windows 10/11 feature updates):
 *   [L] https://learn.microsoft.com/lifecycle/products/  (per product: windows-xp, windows-7, windows-server-2008-r2, …)
 *   [R10] https://learn.microsoft.com/windows/release-health/release-information
 *   [R11] https://learn.microsoft.com/windows/release-health/windows11-release-information
 *   [RS] https://learn.microsoft.com/windows-server/get-started/windows-server-release-info
 * Examples at the bottom are run by windows-builds.test.ts.
 */
export interface WindowsEdition {
  readonly name: string;
  readonly kind: 'client' | 'server' | 'embedded';
  readonly endOfSupport: string; // YYYY-MM-DD, last day of security updates without paid ESU
  readonly source: 'L' | 'R10' | 'R11' | 'RS';
}

export interface WindowsBuild {
  readonly major: number;
  readonly minor: number;
  readonly build: number;
  readonly family: string; // short display name for evidence
  readonly cpe: string; // CPE 2.3 of the client edition (the most common on imaging workstations)
  readonly editions: readonly WindowsEdition[];
}

const ed = (name: string, kind: WindowsEdition['kind'], endOfSupport: string, source: WindowsEdition['source'] = 'L'): WindowsEdition => ({
  name,
  kind,
  endOfSupport,
  source,
});

export const WINDOWS_BUILDS: readonly WindowsBuild[] = [
  { major: 5, minor: 0, build: 2195, family: 'Windows 2000', cpe: 'cpe:2.3:o:microsoft:windows_2000:-:*:*:*:*:*:*:*', editions: [ed('Windows 2000 Professional', 'client', '2010-07-13'), ed('Windows 2000 Server', 'server', '2010-07-13')] },
  { major: 5, minor: 1, build: 2600, family: 'Windows XP', cpe: 'cpe:2.3:o:microsoft:windows_xp:-:*:*:*:*:*:*:*', editions: [ed('Windows XP', 'client', '2014-04-08'), ed('Windows XP Embedded SP3', 'embedded', '2016-01-12'), ed('Windows Embedded POSReady 2009', 'embedded', '2019-04-09')] },
  { major: 5, minor: 2, build: 3790, family: 'Windows Server 2003 / XP x64', cpe: 'cpe:2.3:o:microsoft:windows_server_2003:-:*:*:*:*:*:*:*', editions: [ed('Windows XP Professional x64', 'client', '2014-04-08'), ed('Windows Server 2003 (R2)', 'server', '2015-07-14')] },
  { major: 6, minor: 0, build: 6000, family: 'Windows Vista', cpe: 'cpe:2.3:o:microsoft:windows_vista:-:*:*:*:*:*:*:*', editions: [ed('Windows Vista', 'client', '2017-04-11')] },
  { major: 6, minor: 0, build: 6001, family: 'Windows Vista SP1 / Server 2008', cpe: 'cpe:2.3:o:microsoft:windows_vista:sp1:*:*:*:*:*:*:*', editions: [ed('Windows Vista SP1', 'client', '2017-04-11'), ed('Windows Server 2008', 'server', '2020-01-14')] },
  { major: 6, minor: 0, build: 6002, family: 'Windows Vista SP2 / Server 2008 SP2', cpe: 'cpe:2.3:o:microsoft:windows_vista:sp2:*:*:*:*:*:*:*', editions: [ed('Windows Vista SP2', 'client', '2017-04-11'), ed('Windows Server 2008 SP2', 'server', '2020-01-14')] },
  { major: 6, minor: 0, build: 6003, family: 'Windows Server 2008 SP2', cpe: 'cpe:2.3:o:microsoft:windows_server_2008:sp2:*:*:*:*:*:*:*', editions: [ed('Windows Server 2008 SP2', 'server', '2020-01-14')] },
  { major: 6, minor: 1, build: 7600, family: 'Windows 7 / Server 2008 R2 (RTM)', cpe: 'cpe:2.3:o:microsoft:windows_7:-:*:*:*:*:*:*:*', editions: [ed('Windows 7 RTM', 'client', '2013-04-09'), ed('Windows Server 2008 R2 RTM', 'server', '2013-04-09')] },
  { major: 6, minor: 1, build: 7601, family: 'Windows 7 SP1 / Server 2008 R2 SP1', cpe: 'cpe:2.3:o:microsoft:windows_7:sp1:*:*:*:*:*:*:*', editions: [ed('Windows 7 SP1', 'client', '2020-01-14'), ed('Windows Server 2008 R2 SP1', 'server', '2020-01-14'), ed('Windows Embedded Standard 7', 'embedded', '2020-10-13'), ed('Windows Embedded POSReady 7', 'embedded', '2021-10-12')] },
  { major: 6, minor: 2, build: 9200, family: 'Windows 8 / Server 2012', cpe: 'cpe:2.3:o:microsoft:windows_8:-:*:*:*:*:*:*:*', editions: [ed('Windows 8', 'client', '2016-01-12'), ed('Windows Server 2012', 'server', '2023-10-10'), ed('Windows Embedded 8 Standard', 'embedded', '2023-07-11')] },
  { major: 6, minor: 3, build: 9600, family: 'Windows 8.1 / Server 2012 R2', cpe: 'cpe:2.3:o:microsoft:windows_8.1:-:*:*:*:*:*:*:*', editions: [ed('Windows 8.1', 'client', '2023-01-10'), ed('Windows Server 2012 R2', 'server', '2023-10-10'), ed('Windows Embedded 8.1 Industry', 'embedded', '2023-07-11')] },
  { major: 10, minor: 0, build: 10240, family: 'Windows 10 1507', cpe: 'cpe:2.3:o:microsoft:windows_10_1507:-:*:*:*:*:*:*:*', editions: [ed('Windows 10 1507', 'client', '2017-05-09', 'R10'), ed('Windows 10 Enterprise LTSB 2015', 'client', '2025-10-14', 'R10')] },
  { major: 10, minor: 0, build: 10586, family: 'Windows 10 1511', cpe: 'cpe:2.3:o:microsoft:windows_10_1511:-:*:*:*:*:*:*:*', editions: [ed('Windows 10 1511 (Enterprise)', 'client', '2018-04-10', 'R10')] },
  { major: 10, minor: 0, build: 14393, family: 'Windows 10 1607 / Server 2016', cpe: 'cpe:2.3:o:microsoft:windows_10_1607:-:*:*:*:*:*:*:*', editions: [ed('Windows 10 1607 (Enterprise)', 'client', '2019-04-09', 'R10'), ed('Windows 10 Enterprise LTSB 2016', 'client', '2026-10-13', 'R10'), ed('Windows Server 2016', 'server', '2027-01-12', 'RS')] },
  { major: 10, minor: 0, build: 15063, family: 'Windows 10 1703', cpe: 'cpe:2.3:o:microsoft:windows_10_1703:-:*:*:*:*:*:*:*', editions: [ed('Windows 10 1703 (Enterprise)', 'client', '2019-10-08', 'R10')] },
  { major: 10, minor: 0, build: 16299, family: 'Windows 10 1709', cpe: 'cpe:2.3:o:microsoft:windows_10_1709:-:*:*:*:*:*:*:*', editions: [ed('Windows 10 1709 (Enterprise)', 'client', '2020-10-13', 'R10')] },
  { major: 10, minor: 0, build: 17134, family: 'Windows 10 1803', cpe: 'cpe:2.3:o:microsoft:windows_10_1803:-:*:*:*:*:*:*:*', editions: [ed('Windows 10 1803 (Enterprise)', 'client', '2021-05-11', 'R10')] },
  { major: 10, minor: 0, build: 17763, family: 'Windows 10 1809 / Server 2019', cpe: 'cpe:2.3:o:microsoft:windows_10_1809:-:*:*:*:*:*:*:*', editions: [ed('Windows 10 1809 (Enterprise)', 'client', '2021-05-11', 'R10'), ed('Windows 10 Enterprise LTSC 2019', 'client', '2029-01-09', 'R10'), ed('Windows Server 2019', 'server', '2029-01-09', 'RS')] },
  { major: 10, minor: 0, build: 18362, family: 'Windows 10 1903', cpe: 'cpe:2.3:o:microsoft:windows_10_1903:-:*:*:*:*:*:*:*', editions: [ed('Windows 10 1903', 'client', '2020-12-08', 'R10')] },
  { major: 10, minor: 0, build: 18363, family: 'Windows 10 1909', cpe: 'cpe:2.3:o:microsoft:windows_10_1909:-:*:*:*:*:*:*:*', editions: [ed('Windows 10 1909 (Enterprise)', 'client', '2022-05-10', 'R10')] },
  { major: 10, minor: 0, build: 19041, family: 'Windows 10 2004', cpe: 'cpe:2.3:o:microsoft:windows_10_2004:-:*:*:*:*:*:*:*', editions: [ed('Windows 10 2004', 'client', '2021-12-14', 'R10')] },
  { major: 10, minor: 0, build: 19042, family: 'Windows 10 20H2', cpe: 'cpe:2.3:o:microsoft:windows_10_20h2:-:*:*:*:*:*:*:*', editions: [ed('Windows 10 20H2 (Enterprise)', 'client', '2023-05-09', 'R10')] },
  { major: 10, minor: 0, build: 19043, family: 'Windows 10 21H1', cpe: 'cpe:2.3:o:microsoft:windows_10_21h1:-:*:*:*:*:*:*:*', editions: [ed('Windows 10 21H1', 'client', '2022-12-13', 'R10')] },
  { major: 10, minor: 0, build: 19044, family: 'Windows 10 21H2 / LTSC 2021', cpe: 'cpe:2.3:o:microsoft:windows_10_21h2:-:*:*:*:*:*:*:*', editions: [ed('Windows 10 21H2 (Enterprise)', 'client', '2024-06-11', 'R10'), ed('Windows 10 Enterprise LTSC 2021', 'client', '2027-01-12', 'R10'), ed('Windows 10 IoT Enterprise LTSC 2021', 'embedded', '2032-01-13', 'R10')] },
  { major: 10, minor: 0, build: 19045, family: 'Windows 10 22H2', cpe: 'cpe:2.3:o:microsoft:windows_10_22h2:-:*:*:*:*:*:*:*', editions: [ed('Windows 10 22H2', 'client', '2025-10-14', 'R10')] },
  { major: 10, minor: 0, build: 20348, family: 'Windows Server 2022', cpe: 'cpe:2.3:o:microsoft:windows_server_2022:-:*:*:*:*:*:*:*', editions: [ed('Windows Server 2022', 'server', '2031-10-14', 'RS')] },
  { major: 10, minor: 0, build: 22000, family: 'Windows 11 21H2', cpe: 'cpe:2.3:o:microsoft:windows_11_21h2:-:*:*:*:*:*:*:*', editions: [ed('Windows 11 21H2 (Enterprise)', 'client', '2024-10-08', 'R11')] },
  { major: 10, minor: 0, build: 22621, family: 'Windows 11 22H2', cpe: 'cpe:2.3:o:microsoft:windows_11_22h2:-:*:*:*:*:*:*:*', editions: [ed('Windows 11 22H2 (Enterprise)', 'client', '2025-10-14', 'R11')] },
  { major: 10, minor: 0, build: 22631, family: 'Windows 11 23H2', cpe: 'cpe:2.3:o:microsoft:windows_11_23h2:-:*:*:*:*:*:*:*', editions: [ed('Windows 11 23H2 (Enterprise)', 'client', '2026-11-10', 'R11')] },
  { major: 10, minor: 0, build: 25398, family: 'Windows Server 23H2', cpe: 'cpe:2.3:o:microsoft:windows_server_23h2:-:*:*:*:*:*:*:*', editions: [ed('Windows Server, version 23H2', 'server', '2025-10-24', 'RS')] },
  { major: 10, minor: 0, build: 26100, family: 'Windows 11 24H2 / Server 2025', cpe: 'cpe:2.3:o:microsoft:windows_11_24h2:-:*:*:*:*:*:*:*', editions: [ed('Windows 11 24H2 (Enterprise)', 'client', '2027-10-12', 'R11'), ed('Windows 11 Enterprise LTSC 2024', 'client', '2029-10-09', 'R11'), ed('Windows 11 IoT Enterprise LTSC 2024', 'embedded', '2034-10-10', 'R11'), ed('Windows Server 2025', 'server', '2034-10-10', 'RS')] },
  { major: 10, minor: 0, build: 26200, family: 'Windows 11 25H2', cpe: 'cpe:2.3:o:microsoft:windows_11_25h2:-:*:*:*:*:*:*:*', editions: [ed('Windows 11 25H2 (Enterprise)', 'client', '2028-10-10', 'R11')] },
  { major: 10, minor: 0, build: 28000, family: 'Windows 11 26H1', cpe: 'cpe:2.3:o:microsoft:windows_11_26h1:-:*:*:*:*:*:*:*', editions: [ed('Windows 11 26H1 (Enterprise)', 'client', '2029-03-13', 'R11')] },
];

/** The row for an exact build, or undefined (unknown builds are reported by version only, never guessed). */
export const windowsBuild = (major: number, minor: number, build: number): WindowsBuild | undefined =>
  WINDOWS_BUILDS.find((w) => w.major === major && w.minor === minor && w.build === build);

/** Out of support on `date` when every edition sharing the build has passed its date. */
export function supportState(w: WindowsBuild, date: Date): { state: 'unsupported' | 'partly-unsupported' | 'supported'; lastEnd: string } {
  const day = date.toISOString().slice(0, 10);
  const ended = w.editions.filter((e) => e.endOfSupport < day);
  const lastEnd = w.editions.map((e) => e.endOfSupport).sort().at(-1)!;
  return { state: ended.length === w.editions.length ? 'unsupported' : ended.length ? 'partly-unsupported' : 'supported', lastEnd };
}

/** Examples that test this table (windows-builds.test.ts): version fields → family and state on a date. */
export const EXAMPLES: ReadonlyArray<{ version: string; date: string; family: string; state: ReturnType<typeof supportState>['state'] }> = [
  { version: '5.1.2600', date: '2026-11-30', family: 'Windows XP', state: 'unsupported' },
  { version: '6.1.7601', date: '2026-11-30', family: 'Windows 7 SP1 / Server 2008 R2 SP1', state: 'unsupported' },
  { version: '6.1.7601', date: '2021-01-01', family: 'Windows 7 SP1 / Server 2008 R2 SP1', state: 'partly-unsupported' },
  { version: '10.0.14393', date: '2026-11-30', family: 'Windows 10 1607 / Server 2016', state: 'partly-unsupported' },
  { version: '10.0.17763', date: '2026-11-30', family: 'Windows 10 1809 / Server 2019', state: 'partly-unsupported' },
  { version: '10.0.19045', date: '2026-11-30', family: 'Windows 10 22H2', state: 'unsupported' },
  { version: '10.0.20348', date: '2026-11-30', family: 'Windows Server 2022', state: 'supported' },
  { version: '6.3.9600', date: '2026-11-30', family: 'Windows 8.1 / Server 2012 R2', state: 'unsupported' },
];
