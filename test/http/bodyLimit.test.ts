import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN } from '../support/client.js';
import { type ServerProcess, startServerProcess } from '../support/processes.js';

const MiB = 1024 * 1024;
/** What a client tries to send: far beyond the limit, and beyond anything a socket buffers. */
const HUGE = 64 * MiB;

interface Streamed {
  status: number;
  contentType: string;
  body: string;
  /** Bytes the client had written when the answer arrived. */
  sentBeforeAnswer: number;
}

/**
 * Streams `total` bytes of `chunk` repeated, chunked (no content-length), and stops writing as
 * soon as the server answers: a client that would go on forever must be answered anyway.
 */
function streamBody(
  url: string,
  headers: Record<string, string>,
  chunk: string,
  total: number,
  method = 'POST',
): Promise<Streamed> {
  return new Promise((resolve, reject) => {
    const piece = Buffer.from(chunk.repeat(Math.ceil(16384 / chunk.length)));
    let sent = 0;
    let answered = false;
    const req = request(url, { method, headers: { ...headers, 'transfer-encoding': 'chunked' } });
    req.on('response', (res) => {
      answered = true;
      const sentBeforeAnswer = sent;
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => {
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          body: Buffer.concat(parts).toString('utf8'),
          sentBeforeAnswer,
        });
        req.destroy();
      });
    });
    // The server may close the connection while we still write: only a missing answer is a failure.
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
    const write = () => {
      while (!answered && sent < total) {
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', write);
      }
      if (!answered) req.end();
    };
    write();
  });
}

async function rssKiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]);
}

describe('every route has a body limit, enforced while the body streams in, before authentication', () => {
  let dir: string;
  let server: ServerProcess;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'renkei-body-'));
    server = await startServerProcess({
      DATABASE_URL: `file:${join(dir, 'body.db')}`,
      RENKEI_ADMIN_TOKEN: ADMIN_TOKEN,
      PUBLIC_BASE_URL: 'http://renkei.test',
      SCHEDULE_INTERVAL_SECONDS: '3600',
    });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('a FAX receipt form (/r/{code}) streamed without end gets a Japanese 413 page; nothing is buffered and the server stays up', async () => {
    const before = await rssKiB(server.pid);
    const res = await streamBody(
      `${server.base}/r/ABCDEFGH`,
      { 'content-type': 'application/x-www-form-urlencoded' },
      'confirm=yes&name=',
      HUGE,
    );
    expect(res.status).toBe(413);
    expect(res.contentType).toContain('text/html');
    expect(res.body).toContain('送信内容が大きすぎます');
    expect(res.sentBeforeAnswer).toBeLessThan(HUGE);
    // The body never lands in the server's memory (it used to grow by several times the body).
    expect((await rssKiB(server.pid)) - before).toBeLessThan(HUGE / 2 / 1024);
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
  }, 120_000);

  it('the console login takes no body over the limit', async () => {
    const res = await streamBody(
      `${server.base}/console/login`,
      { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://renkei.test' },
      'password=x&',
      HUGE,
    );
    expect(res.status).toBe(413);
    expect(res.body).toContain('送信内容が大きすぎます');
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
  }, 120_000);

  it('the API answers 413 problem+json, even to an authenticated administrator', async () => {
    const res = await streamBody(
      `${server.base}/v1/admin/care-offices/big`,
      { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      '{"name":"x","x":"',
      HUGE,
      'PUT',
    );
    expect(res.status).toBe(413);
    expect(res.contentType).toContain('application/problem+json');
    expect(JSON.parse(res.body)).toMatchObject({ status: 413, type: 'urn:renkei:problem:body-too-large' });
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
  }, 120_000);

  it('a webhook body over 64 KiB is refused before its signature is checked', async () => {
    const res = await streamBody(
      `${server.base}/v1/hospitals/sanda-shimin/events`,
      {
        'content-type': 'application/json',
        'webhook-id': 'big',
        'webhook-timestamp': '1',
        'webhook-signature': 'v1,x',
      },
      '{"a":"',
      HUGE,
    );
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ status: 413, detail: 'the body must be at most 65536 bytes' });
  }, 120_000);

  it('a body at the limit still goes through to its route', async () => {
    const form = `confirm=no&name=${'a'.repeat(64 * 1024 - 'confirm=no&name='.length)}`;
    const res = await fetch(`${server.base}/r/ABCDEFGH`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    expect(res.status).toBe(404);
  });
});
