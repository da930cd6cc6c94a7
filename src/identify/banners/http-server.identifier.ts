/** HTTP `Server` header → web server product/version (OpenSSL too when named); authentication realm → product. */
import type { Observation } from '../../core/observation.js';
import { httpResponse } from '../../probes/http/observations.js';
import { defineIdentifier } from '../identifier.js';
import { identifyBanner } from './match.js';

export default defineIdentifier({
  id: 'http-server-header',
  kinds: [httpResponse.kind],
  identify: (o: Observation) =>
    httpResponse.is(o)
      ? [
          ...(o.data.server ? identifyBanner('http-server', o.data.server, o.endpoint.port, 'HTTP Server header') : []),
          ...o.data.wwwAuthenticate.flatMap((w) => identifyBanner('http-auth', w, o.endpoint.port, 'HTTP authentication challenge')),
        ]
      : [],
});
