/** A network endpoint as the scanner sees it. `host` is always a literal IP address (hostnames are resolved in scan/targets). */
export type Transport = 'tcp' | 'udp';

export interface Endpoint {
  readonly host: string;
  readonly port: number;
  readonly transport: Transport;
}

export const endpointKey = (e: Endpoint): string =>
  `${e.host.includes(':') ? `[${e.host}]` : e.host}:${e.port}/${e.transport}`;
