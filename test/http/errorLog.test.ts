// The error log: a client hanging up is not a server error, and a log line keeps its own message.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLogger } from '../../engine/log.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** Starts a POST with a 5000-byte body, sends a few bytes of it, and hangs up. */
async function hangUpMidBody(base: string, path: string): Promise<void> {
  const port = Number(new URL(base).port);
  await new Promise<void>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"type":`,
      );
      setTimeout(() => {
        socket.destroy();
        resolve();
      }, 200);
    });
    socket.on('error', reject);
  });
}

describe('the error log', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
  });
  afterAll(async () => {
    await s.close();
  });

  it('a client that hangs up in the middle of its body is logged as an abort, not as an error', async () => {
    await hangUpMidBody(s.base, '/v1/hospitals/sanda-shimin/events');
    const lines = () => s.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (let i = 0; i < 50 && !lines().some((l) => l.message === 'client aborted'); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(lines().filter((l) => l.level === 'error')).toEqual([]);
    expect(lines()).toContainEqual(
      expect.objectContaining({ level: 'info', message: 'client aborted', path: '/v1/hospitals/:hospitalId/events' }),
    );
  });

  it("a field named like the log's own keys cannot replace its message, level or time", () => {
    const written: string[] = [];
    const log = jsonLogger((l) => written.push(l));
    const fields = { message: 'ECONNRESET', level: 'info', at: 'yesterday', error: 'Error' };
    log.error('unhandled error', fields as never);
    const line = JSON.parse(written[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'error', message: 'unhandled error', error: 'Error' });
    expect(line.at).not.toBe('yesterday');
  });
});
