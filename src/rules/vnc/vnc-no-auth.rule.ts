/** A VNC server that offers security type None: anyone who connects sees and controls the screen. */
import { defineRule, perObservation, verdictFor } from '../rule.js';
import { vncSecurity } from '../../probes/vnc/observations.js';

export default defineRule({
  id: 'vnc-no-auth',
  title: 'VNC without authentication',
  severity: 'critical',
  remediation:
    'Require a password (or better, VeNCrypt with certificates) on this VNC server: TigerVNC -SecurityTypes ' +
    'VeNCrypt,TLSVnc,VncAuth with a password file; on vendor consoles use the service menu or ask the vendor. ' +
    'Allow the VNC port only from the service VLAN or jump host.',
  check: perObservation(vncSecurity, (o) =>
    !o.data.securityTypes.includes(1)
      ? undefined
      : verdictFor(
          o,
          `VNC (${o.data.version}) on port ${o.endpoint.port} offers security type "None" among ` +
            `[${o.data.securityNames.join(', ')}]: a client can view and control this screen without any password.`,
        ),
  ),
});
