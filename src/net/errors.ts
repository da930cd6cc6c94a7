import type { CheckStatus } from '../core/check.js';

/** Expected network outcomes, thrown inside probes and turned into a check status by the probe runner. */
export type NetErrorCode =
  | 'refused'
  | 'timeout'
  | 'closed'
  | 'unreachable'
  | 'too-large'
  | 'idle'
  | 'blocked'
  | 'tls'
  | 'client-certificate';

export class NetError extends Error {
  constructor(
    readonly code: NetErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'NetError';
  }
}

export function checkStatusOf(code: NetErrorCode): CheckStatus {
  switch (code) {
    case 'refused':
      return 'refused';
    case 'timeout':
    case 'idle':
      return 'timeout';
    case 'closed':
    case 'unreachable':
      return 'connection-closed';
    case 'too-large':
      return 'protocol-error';
    case 'blocked':
      return 'blocked';
    case 'tls':
      return 'handshake-error';
    case 'client-certificate':
      return 'needs-client-certificate';
  }
}

/** Maps a socket error (errno code) to what it means for a probe. */
export function fromSocketError(err: NodeJS.ErrnoException, what: string): NetError {
  const code = err.code ?? '';
  // TLS 1.3 servers that demand a client certificate finish the handshake, then send alert 116.
  if (/CERTIFICATE_REQUIRED/i.test(code) || /certificate required/i.test(err.message))
    return new NetError('client-certificate', `${what}: the server requires a client certificate`);
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || /SSL routines/.test(err.message))
    return new NetError('tls', `${what}: TLS failure (${code || err.message})`);
  switch (code) {
    case 'ECONNREFUSED':
      return new NetError('refused', `${what}: connection refused`);
    case 'ECONNRESET':
    case 'EPIPE':
      return new NetError('closed', `${what}: connection reset by peer`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'EADDRNOTAVAIL':
      return new NetError('unreachable', `${what}: ${err.code}`);
    case 'ETIMEDOUT':
      return new NetError('timeout', `${what}: timed out`);
    default:
      return new NetError('closed', `${what}: ${err.code ?? err.message}`);
  }
}
