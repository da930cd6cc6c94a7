import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Flow } from '../traffic/flow.js';
import { checkFlows, checkScans } from './check.js';
import { parsePolicy } from './policy.js';
import { escapeXml, renderSvg } from './svg.js';

const policy = parsePolicy(`version: 1
site: 'St. <Mary> & "Co"'
zones:
  - { name: imaging, purpose: imaging, cidrs: [10.1.0.0/24] }
  - { name: pacs, purpose: pacs, cidrs: [10.2.0.0/24] }
  - { name: office, purpose: office, cidrs: [10.3.0.0/24] }
  - { name: outside, purpose: outside }
allow:
  - { from: imaging, to: pacs, services: [dicom] }
  - { from: office, to: pacs, services: [https], hosts: [10.2.0.10] }
`);

const flow = (src: string, dst: string, dstPort: number): Flow => ({ src, dst, dstPort, protocol: 'tcp', bytes: 100, packets: 2, firstSeen: '2026-01-01T10:00:00Z', lastSeen: '2026-01-01T10:00:01Z', source: 'cap.pcap' });

type Node = Record<string, unknown>;
const asList = (x: unknown): Node[] => (Array.isArray(x) ? x : x === undefined ? [] : [x]) as Node[];

function parse(svg: string) {
  expect(XMLValidator.validate(svg)).toBe(true);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(svg) as { svg: Node };
  const groups = asList(doc.svg.g);
  return {
    doc,
    zones: groups.filter((g) => g['@class'] === 'zone'),
    flows: groups.filter((g) => g['@class'] === 'flow'),
    legend: groups.filter((g) => g['@class'] === 'legend'),
  };
}

describe('zone diagram SVG', () => {
  it('draws every zone and one arrow per observed cross-zone pair, coloured by verdict, with a legend', () => {
    const r = checkFlows(policy, [flow('10.1.0.5', '10.2.0.10', 104), flow('10.1.0.5', '192.0.2.25', 25), flow('10.3.0.7', '10.2.0.10', 443), flow('10.3.0.7', '10.2.0.10', 445), flow('10.2.0.10', '10.3.0.7', 135), flow('10.1.0.5', '10.1.0.6', 25)]);
    const { zones, flows, legend } = parse(renderSvg(r, { site: policy.site }));
    expect(zones.map((z) => [z['@data-zone'], z['@data-purpose']])).toEqual([
      ['imaging', 'imaging'],
      ['pacs', 'pacs'],
      ['office', 'office'],
      ['outside', 'outside'],
    ]);
    const arrows = flows.map((f) => [f['@data-from'], f['@data-to'], f['@data-status'], f['@data-ports']]).sort();
    expect(arrows).toEqual([
      ['imaging', 'outside', 'violation', 'tcp/25!'],
      ['imaging', 'pacs', 'allowed', 'tcp/104'],
      ['office', 'pacs', 'violation', 'tcp/443, tcp/445!'],
      ['pacs', 'office', 'violation', 'tcp/135!'],
    ]); // the flow inside imaging is not drawn
    const line = (from: string, to: string) => flows.find((f) => f['@data-from'] === from && f['@data-to'] === to)!.line as Node;
    expect(line('imaging', 'pacs')['@stroke']).toBe('#2e7d32');
    expect(line('imaging', 'outside')['@stroke']).toBe('#c62828');
    expect(line('imaging', 'outside')['@marker-end']).toBe('url(#arrow-violation)');
    expect(legend).toHaveLength(1);
    expect(JSON.stringify(legend[0])).toContain('breaks the policy');
  });

  it('escapes every text: the site name survives the round trip and breaks no markup', () => {
    const svg = renderSvg(checkScans(policy, [], []), { site: policy.site });
    expect(svg).not.toContain('<Mary>');
    expect(svg).toContain('St. &lt;Mary&gt; &amp; &quot;Co&quot;');
    const { doc, flows, zones } = parse(svg);
    expect(String(doc.svg.title)).toContain('St. <Mary> & "Co"'); // decoded back to the original text
    expect(flows).toEqual([]); // nothing scanned: no arrow
    expect(zones).toHaveLength(4);
    expect(svg).toContain('12 zone pair(s) not assessed');
  });

  it('escapeXml covers the five XML specials', () => {
    expect(escapeXml(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
  });
});
