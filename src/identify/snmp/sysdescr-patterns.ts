/**
 * SNMP sysDescr patterns → product, version, OS and device type. Printers and modality consoles put model and
 * firmware here; the Windows SNMP agent puts the exact build (which `legacy-os` then judges). Each pattern has
 * examples that sysdescr.test.ts runs. Examples marked `shape` follow the vendor's documented or widely
 * published format with made-up serials; none comes from a patient-facing device.
 */
export interface SysDescrPattern {
  readonly id: string;
  readonly re: RegExp;
  readonly kind: 'os' | 'firmware' | 'device';
  readonly vendor: string | ((m: RegExpExecArray) => string);
  readonly product: (m: RegExpExecArray) => string;
  readonly version?: (m: RegExpExecArray) => string | undefined;
  readonly cpe?: (m: RegExpExecArray) => string;
  readonly deviceType?: string;
  readonly examples: ReadonlyArray<{ sysDescr: string; product: string; version?: string }>;
}

export const SYSDESCR_PATTERNS: readonly SysDescrPattern[] = [
  {
    id: 'windows-snmp-agent',
    // Windows XP's agent calls itself "Windows 2000 Version 5.1".
    re: /Software: Windows(?: 2000)? Version (\d+)\.(\d+) \(Build (\d+)/,
    kind: 'os',
    vendor: 'Microsoft',
    product: () => 'Windows', // refined from the build table by the identifier
    version: (m) => `${m[1]}.${m[2]}.${m[3]}`,
    examples: [
      { sysDescr: 'Hardware: Intel64 Family 6 Model 58 Stepping 9 AT/AT COMPATIBLE - Software: Windows Version 6.1 (Build 7601 Multiprocessor Free)', product: 'Windows', version: '6.1.7601' },
      { sysDescr: 'Hardware: x86 Family 6 Model 15 Stepping 13 AT/AT COMPATIBLE - Software: Windows 2000 Version 5.1 (Build 2600 Uniprocessor Free)', product: 'Windows', version: '5.1.2600' },
    ],
  },
  {
    id: 'hp-jetdirect',
    re: /^HP ETHERNET MULTI-ENVIRONMENT,.*?JETDIRECT,(JD\d+),EEPROM (\w+)/,
    kind: 'firmware',
    vendor: 'HP',
    product: (m) => `HP Jetdirect ${m[1]}`,
    version: (m) => m[2],
    deviceType: 'printer',
    examples: [{ sysDescr: 'HP ETHERNET MULTI-ENVIRONMENT,ROM none,JETDIRECT,JD153,EEPROM JSI23900034', product: 'HP Jetdirect JD153', version: 'JSI23900034' }],
  },
  {
    id: 'brother-nc',
    re: /^Brother (NC-\w+), Firmware Ver\.\s*([\w.]+)/,
    kind: 'firmware',
    vendor: 'Brother',
    product: (m) => `Brother ${m[1]} print server`,
    version: (m) => m[2],
    deviceType: 'printer',
    examples: [{ sysDescr: 'Brother NC-8300h, Firmware Ver.1.03  (10.01.25),MID 8C5-F30,FID 2', product: 'Brother NC-8300h print server', version: '1.03' }],
  },
  {
    id: 'film-printer',
    // Dry film imagers for radiology (DICOM Print SCPs) name their product family in sysDescr.
    re: /\b(DRYSTAR|DRYPIX|DryView)\b[ -]?([\w-]*)/i,
    kind: 'device',
    vendor: (m) => ({ drystar: 'Agfa', drypix: 'Fujifilm', dryview: 'Carestream' })[m[1]!.toLowerCase() as 'drystar'] ?? 'unknown',
    product: (m) => `${m[1]}${m[2] ? ` ${m[2]}` : ''}`,
    deviceType: 'dicom-printer',
    examples: [{ sysDescr: 'AGFA DRYSTAR 5302 (shape)', product: 'DRYSTAR 5302' }],
  },
  {
    id: 'net-snmp-linux',
    re: /^Linux (\S+) (\d+\.\d+(?:\.\d+)?)(\S*) /,
    kind: 'os',
    vendor: 'Linux',
    product: () => 'Linux kernel',
    version: (m) => m[2],
    cpe: (m) => `cpe:2.3:o:linux:linux_kernel:${m[2]}:*:*:*:*:*:*:*`,
    examples: [{ sysDescr: 'Linux pacs01 6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22) x86_64', product: 'Linux kernel', version: '6.1.0' }],
  },
  {
    id: 'solaris',
    re: /^SunOS (\S+) (5\.\d+)/,
    kind: 'os',
    vendor: 'Oracle',
    product: (m) => `Solaris ${m[2]!.replace(/^5\./, '')}`,
    version: (m) => m[2],
    examples: [{ sysDescr: 'SunOS ctconsole 5.10 Generic_147440-01 sun4u', product: 'Solaris 10', version: '5.10' }],
  },
  {
    id: 'cisco-ios',
    re: /Cisco IOS Software.*?Version ([\w.()]+)/s,
    kind: 'os',
    vendor: 'Cisco',
    product: () => 'Cisco IOS',
    version: (m) => m[1],
    deviceType: 'network',
    examples: [{ sysDescr: 'Cisco IOS Software, C2960 Software (C2960-LANBASEK9-M), Version 15.0(2)SE11, RELEASE SOFTWARE (fc3)', product: 'Cisco IOS', version: '15.0(2)SE11' }],
  },
  {
    id: 'apc-nmc',
    re: /^APC Web\/SNMP Management Card \(MB:v[\w.]+ PF:v([\w.]+)/,
    kind: 'firmware',
    vendor: 'APC',
    product: () => 'APC Network Management Card',
    version: (m) => m[1],
    deviceType: 'ups',
    examples: [{ sysDescr: 'APC Web/SNMP Management Card (MB:v4.1.0 PF:v6.5.6 PN:apc_hw05_aos_656.bin AF1:v6.5.6 AN1:apc_hw05_sumx_656.bin MN:AP9631 HR:05 SN: 5A0000X00000 MD:01/01/2020)', product: 'APC Network Management Card', version: '6.5.6' }],
  },
];
