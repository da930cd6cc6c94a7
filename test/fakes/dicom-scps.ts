/**
 * In-process misbehaving DICOM SCPs over real sockets on 127.0.0.1, one misbehaviour each: a 4 GB PDU claim, an
 * AC dripped a byte at a time, an A-ABORT instead of an answer, a wrong PDU type, silence. `scriptedScp` plays a
 * well-formed acceptor whose DIMSE answers a test decides (status word, pending, abort). Each fake records what it
 * saw (PDU types, whether the client closed) so tests can assert the probe's manners, not just its verdicts.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { encodeResponse, parseCommandSet, type CommandSet } from '../../src/probes/dicom/dimse.js';
import {
  encodeAbort,
  encodeAssociateAc,
  encodeAssociateRj,
  encodePData,
  encodeReleaseRp,
  parsePdu,
  type AssociateRq,
  type Pdu,
} from '../../src/probes/dicom/pdu.js';

export interface FakeScp {
  readonly port: number;
  /** PDU types received, in order, across all connections ('associate-rq', 'p-data', 'release-rq', 'abort' …). */
  readonly received: string[];
  /** Resolves when every connection so far has been closed by the client or the fake. */
  readonly connections: { opened: number; closed: number };
  close(): Promise<void>;
}

type Handler = (pdu: Pdu, sock: Socket, state: { commands: CommandSet[] }) => void;

function fake(onPdu: Handler, onConnect?: (sock: Socket) => void, address = '127.0.0.1'): Promise<FakeScp> {
  const received: string[] = [];
  const connections = { opened: 0, closed: 0 };
  const sockets = new Set<Socket>();
  const server: Server = createServer((sock) => {
    connections.opened++;
    sockets.add(sock);
    sock.on('close', () => {
      connections.closed++;
      sockets.delete(sock);
    });
    sock.on('error', () => {});
    onConnect?.(sock);
    let buf = Buffer.alloc(0);
    const state = { commands: [] as CommandSet[] };
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 6) {
        const len = buf.readUInt32BE(2);
        if (buf.length < 6 + len) break;
        const pdu = parsePdu(buf.subarray(0, 6 + len));
        buf = buf.subarray(6 + len);
        received.push(pdu.type);
        onPdu(pdu, sock, state);
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, address, () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      resolve({
        port,
        received,
        connections,
        close: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      });
    });
  });
}

export const DCMTK_367 = { classUid: '1.2.276.0.7230010.3.0.3.6.7', versionName: 'OFFIS_DCMTK_367' };

/** An AC accepting the proposed contexts whose abstract syntax is in `accept` (all when omitted). */
export function acFor(rq: AssociateRq, accept?: readonly string[], impl = DCMTK_367): Buffer {
  return encodeAssociateAc({
    calledAe: rq.calledAe,
    callingAe: rq.callingAe,
    contexts: rq.contexts.map((c) => {
      const ok = !accept || accept.includes(c.abstractSyntax);
      return { id: c.id, result: ok ? 0 : 3, transferSyntax: ok ? (c.transferSyntaxes[0] ?? null) : null };
    }),
    maxPduLength: 16384,
    implementationClassUid: impl.classUid,
    implementationVersionName: impl.versionName,
  });
}

/** Answers the RQ with a PDU header claiming 4 GB, then a few bytes. */
export const hugePduScp = () =>
  fake((pdu, sock) => {
    if (pdu.type !== 'associate-rq') return;
    const h = Buffer.from([0x02, 0, 0xff, 0xff, 0xff, 0xf0]);
    sock.write(Buffer.concat([h, Buffer.alloc(1024, 0x41)]));
  });

/** Sends a valid AC one byte every `everyMs`: only a total deadline stops it. */
export const dripFeedScp = (everyMs = 100) =>
  fake((pdu, sock) => {
    if (pdu.type !== 'associate-rq') return;
    const bytes = acFor(pdu);
    let i = 0;
    const t = setInterval(() => {
      if (sock.destroyed || i >= bytes.length) return clearInterval(t);
      sock.write(bytes.subarray(i, ++i));
    }, everyMs);
    sock.on('close', () => clearInterval(t));
  });

/** A-ABORT (service-provider, unexpected PDU) instead of an AC or RJ. */
export const abortingScp = () =>
  fake((pdu, sock) => {
    if (pdu.type === 'associate-rq') sock.write(encodeAbort(2, 2));
  });

/** Answers the RQ with an A-RELEASE-RP, a PDU that makes no sense there. */
export const wrongPduScp = () =>
  fake((pdu, sock) => {
    if (pdu.type === 'associate-rq') sock.write(encodeReleaseRp());
  });

/** Accepts the TCP connection, reads everything, answers nothing. */
export const silentScp = () => fake(() => {});

/** Rejects every RQ with the given result/source/reason, or decides per RQ (null = accept). */
export const rejectingScp = (decide: (rq: AssociateRq) => [number, number, number] | null, address = '127.0.0.1') =>
  fake(
    (pdu, sock) => {
      if (pdu.type === 'associate-rq') {
        const rj = decide(pdu);
        sock.write(rj ? encodeAssociateRj(...rj) : acFor(pdu));
      }
      if (pdu.type === 'release-rq') sock.write(encodeReleaseRp());
    },
    undefined,
    address,
  );

export type DimseAnswer =
  | { status: number; pendings?: number } // pendings first (with a data set), then the final status
  | 'abort';

/**
 * A well-formed acceptor: accepts `accept` (all when omitted), answers each request with `answer(command)`,
 * releases on A-RELEASE-RQ. Pending responses carry a dummy data set the client must not read.
 */
export const scriptedScp = (opts: { accept?: readonly string[]; answer: (cmd: CommandSet) => DimseAnswer }) =>
  fake((pdu, sock, state) => {
    if (pdu.type === 'associate-rq') sock.write(acFor(pdu, opts.accept));
    if (pdu.type === 'release-rq') sock.write(encodeReleaseRp());
    if (pdu.type !== 'p-data') return;
    for (const pdv of pdu.pdvs) {
      if (!pdv.isCommand || !pdv.isLast) continue;
      const cmd = parseCommandSet(Buffer.from(pdv.data));
      if (!cmd) continue;
      state.commands.push(cmd);
      const a = opts.answer(cmd);
      // a request with a data set: answer once its identifier has arrived too (the next PDV)
      const reply = () => {
        if (a === 'abort') return void sock.write(encodeAbort(2, 0));
        const rsp = (status: number, withDataSet: boolean) =>
          encodePData([
            {
              contextId: pdv.contextId,
              isCommand: true,
              isLast: true,
              data: encodeResponse({
                commandField: (cmd.commandField ?? 0) | 0x8000,
                sopClassUid: cmd.affectedSopClassUid ?? '',
                respondingTo: cmd.messageId ?? 0,
                status,
                withDataSet,
              }),
            },
          ]);
        for (let i = 0; i < (a.pendings ?? 0); i++) {
          sock.write(rsp(0xff00, true));
          sock.write(encodePData([{ contextId: pdv.contextId, isCommand: false, isLast: true, data: Buffer.from('SECRET^PATIENT') }]));
        }
        sock.write(rsp(a.status, false));
      };
      setImmediate(reply);
    }
  });

/** Accepts everything and answers a user-identity request with a server response (as dcm4chee can). */
export const identityScp = () =>
  fake((pdu, sock) => {
    if (pdu.type === 'associate-rq') {
      const ac = parsePdu(acFor(pdu));
      if (ac.type !== 'associate-ac') return;
      sock.write(
        encodeAssociateAc({
          calledAe: pdu.calledAe,
          callingAe: pdu.callingAe,
          contexts: ac.contexts,
          maxPduLength: 16384,
          implementationClassUid: '1.2.40.0.13.1.3',
          implementationVersionName: 'dcm4che-5.23.2',
          ...(pdu.userInfo.userIdentityRq?.positiveResponseRequested ? { userIdentityResponse: Buffer.alloc(0) } : {}),
        }),
      );
    }
    if (pdu.type === 'release-rq') sock.write(encodeReleaseRp());
  });
