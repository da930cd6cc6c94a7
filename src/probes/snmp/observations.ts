/** Observation kinds of the SNMP probe. */
import { defineObservation } from '../../core/observation.js';

export interface SnmpCommunity {
  readonly community: string; // a well-known default the agent accepted: 'public' or 'private'
  readonly version: 'v1' | 'v2c';
  readonly sysDescr: string | null;
  readonly sysObjectID: string | null;
  readonly sysName: string | null;
}
export const snmpCommunity = defineObservation<SnmpCommunity>()(
  'snmp.community',
  'A default SNMP community the agent answered, with its sysDescr, sysObjectID and sysName',
);
