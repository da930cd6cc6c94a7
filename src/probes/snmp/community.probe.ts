/**
 * Default SNMP communities (UDP 161). Sends one v2c GetRequest for sysDescr.0, sysObjectID.0 and sysName.0 with
 * the community `public`, then `private`, each retried once as v1 when v2c draws no answer — at most four
 * datagrams. GET only: no walk, no SET. An agent that answers has accepted a community anyone can guess.
 * Emits `snmp.community` per accepted community. Safe.
 */
import { randomInt } from 'node:crypto';
import type { ObservationDraft } from '../../core/observation.js';
import { defineProbe } from '../probe.js';
import { snmpCommunity } from './observations.js';
import { getRequest, parseGetResponse, type SnmpValue, type SnmpVersion } from './snmp.js';

export const OID = { sysDescr: '1.3.6.1.2.1.1.1.0', sysObjectID: '1.3.6.1.2.1.1.2.0', sysName: '1.3.6.1.2.1.1.5.0' } as const;
const DEFAULT_COMMUNITIES = ['public', 'private'] as const;

const text = (v: SnmpValue | undefined): string | null => (v && (v.type === 'string' || v.type === 'oid') ? v.value : null);

export default defineProbe<{ deadlineMs: number }>({
  id: 'snmp.community',
  summary: 'Whether the SNMP agent answers the default communities public/private (v2c, then v1)',
  safety: 'safe',
  transport: 'udp',
  ports: [161],
  emits: [snmpCommunity],
  defaults: { deadlineMs: 1000 },
  async run(target, { net, options }) {
    const observations: ObservationDraft[] = [];
    for (const community of DEFAULT_COMMUNITIES) {
      for (const version of ['v2c', 'v1'] as SnmpVersion[]) {
        const requestId = randomInt(1, 0x7fffffff);
        const reply = await net.udpExchange(target, getRequest(version, community, requestId, Object.values(OID)), {
          deadlineMs: options.deadlineMs,
          maxBytes: 64 * 1024,
        });
        const r = reply ? parseGetResponse(reply) : undefined;
        if (!r || r.requestId !== requestId) continue;
        const get = (oid: string) => r.varbinds.find((v) => v.oid === oid)?.value;
        observations.push(
          snmpCommunity.of({
            community,
            version,
            sysDescr: text(get(OID.sysDescr)),
            sysObjectID: text(get(OID.sysObjectID)),
            sysName: text(get(OID.sysName)),
          }),
        );
        break;
      }
    }
    return { status: 'success', observations };
  },
});
