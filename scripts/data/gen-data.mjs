#!/usr/bin/env node
// Regenerates src/data/{oui.tsv,services.tsv,top1000.json} from Debian packages (ieee-data, netbase, nmap), so the
// product needs none of them at run time. Usage: node scripts/data/gen-data.mjs  (commit the output).
import { readFileSync, writeFileSync } from 'node:fs';

const today = new Date().toISOString().slice(0, 10);
const out = new URL('../../src/data/', import.meta.url);

// IEEE MA-L registry: "00-1B-63   (hex)		Apple, Inc."
const oui = readFileSync('/usr/share/ieee-data/oui.txt', 'utf8');
const rows = new Map();
for (const m of oui.matchAll(/^([0-9A-F]{2})-([0-9A-F]{2})-([0-9A-F]{2})\s+\(hex\)\s+(.+?)\s*$/gm)) {
  rows.set(`${m[1]}${m[2]}${m[3]}`, m[4].replace(/\t/g, ' '));
}
writeFileSync(
  new URL('oui.tsv', out),
  `# IEEE MA-L (OUI) registry from Debian ieee-data /usr/share/ieee-data/oui.txt, generated ${today}\n` +
    [...rows].sort().map(([k, v]) => `${k}\t${v}`).join('\n') + '\n',
);

// IANA service names (netbase /etc/services) for TCP ports: name only, used as a guess until a probe confirms.
const svc = new Map();
for (const line of readFileSync('/etc/services', 'utf8').split('\n')) {
  const m = /^([\w.+-]+)\s+(\d+)\/tcp/.exec(line);
  if (m && !svc.has(Number(m[2]))) svc.set(Number(m[2]), m[1]);
}
// Imaging protocols /etc/services lacks or misnames.
const imaging = { 104: 'dicom', 2761: 'dicom-iscl', 2762: 'dicom-tls', 4242: 'dicom', 11112: 'dicom', 2575: 'hl7-mllp', 8042: 'orthanc-rest', 9100: 'jetdirect' };
for (const [p, n] of Object.entries(imaging)) svc.set(Number(p), n);
writeFileSync(
  new URL('services.tsv', out),
  `# TCP port → service name: IANA names from Debian netbase /etc/services plus imaging ports, generated ${today}\n` +
    [...svc].sort((a, b) => a[0] - b[0]).map(([p, n]) => `${p}\t${n}`).join('\n') + '\n',
);

// The 1,000 most frequently open TCP ports, ranked by the open-frequency column of nmap's nmap-services.
const freq = [];
for (const line of readFileSync('/usr/share/nmap/nmap-services', 'utf8').split('\n')) {
  const m = /^\S+\s+(\d+)\/tcp\s+([\d.]+)/.exec(line);
  if (m) freq.push([Number(m[1]), Number(m[2])]);
}
freq.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
writeFileSync(
  new URL('top1000.json', out),
  JSON.stringify({ source: `ranked by port frequency in nmap-services (Debian nmap), generated ${today}`, ports: freq.slice(0, 1000).map((f) => f[0]).sort((a, b) => a - b) }) + '\n',
);
console.log(`oui ${rows.size}, services ${svc.size}, top1000 ${Math.min(1000, freq.length)}`);
