import net from 'node:net';
import { Hl7Connection, type Hl7MessageEvent } from '@medplum/hl7';
import { log } from './log.js';
import { identify } from './message.js';
import type { Spool } from './spool.js';

/**
 * MLLP (0x0B message 0x1C 0x0D) from the HIS, framed and parsed by @medplum/hl7. Bytes are read as
 * latin1 so that a message's bytes come back exactly (UTF-8 or ISO-2022-JP alike); each message is
 * answered with an ACK only once it is in the spool, and with AR (send again) if spooling failed.
 */
export async function listenMllp(spool: Spool, host: string, port: number): Promise<net.Server> {
  const server = net.createServer((socket) => {
    const connection = new Hl7Connection(socket, 'latin1');
    connection.addEventListener('message', (event: Hl7MessageEvent) => {
      void (async () => {
        const message = event.message;
        const bytes = new Uint8Array(Buffer.from(message.toString(), 'latin1'));
        const id = identify(bytes);
        if (!id) {
          log('mllp message without MSH-10 refused');
          connection.send(message.buildAck({ ackCode: 'AR' }));
          return;
        }
        try {
          const added = await spool.add({ ...id, body: bytes, source: 'mllp' });
          log(added ? 'spooled' : 'already spooled', { controlId: id.controlId, source: 'mllp' });
          connection.send(message.buildAck({ ackCode: 'AA' }));
        } catch (e) {
          log('spool failed', { controlId: id.controlId, error: (e as Error).message });
          connection.send(message.buildAck({ ackCode: 'AR' }));
        }
      })();
    });
    connection.addEventListener('error', () => log('mllp connection error'));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as net.AddressInfo;
  log('mllp listening', { host, port: address.port });
  return server;
}
