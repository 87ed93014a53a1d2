import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSED_LABELS, LEAK_LABELS } from '../../engine/console/index.js';
import { DEADLINE_LABELS } from '../../engine/notices/index.js';
import { ADD_ON_NAMES } from '../../machines/billing.js';
import { startTestServer, type TestServer } from '../support/server.js';

// The API's contract is read by machines: a linter, and client generators that name their methods
// after operationIds and their types after the enums. The served document is what they read.

interface Doc {
  servers?: { url: string }[];
  paths: Record<string, Record<string, { operationId?: string; security?: Record<string, string[]>[] }>>;
  components: {
    schemas: Record<string, { enum?: string[]; description?: string; 'x-enum-descriptions'?: string[] }>;
    securitySchemes: Record<string, { type: string; in?: string; name?: string }>;
  };
}

describe('the OpenAPI document', () => {
  let s: TestServer;
  let source: string;
  let doc: Doc;
  beforeAll(async () => {
    s = await startTestServer({ smtp: false });
    source = await (await fetch(`${s.base}/openapi.json`)).text();
    doc = JSON.parse(source) as Doc;
  });
  afterAll(async () => {
    await s.close();
  });

  it('passes the recommended OpenAPI lint with no error and no warning', async () => {
    // Everything from the package itself: no rule set or plugin is fetched from anywhere.
    const config = await createConfig({
      extends: ['recommended'],
      // renkei is a private service, licensed to no one: a license field would state something untrue.
      rules: { 'info-license': 'off' },
    });
    const problems = await lintFromString({ source, absoluteRef: `${s.base}/openapi.json`, config });
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)).toEqual([]);
  });

  it('names every operation with a unique operationId, the name a client method gets', () => {
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(ids.length).toBeGreaterThanOrEqual(23);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.paths['/v1/hospitals/{hospitalId}/events']?.post?.operationId).toBe('recordHospitalEvent');
    expect(doc.paths['/v1/admin/hospitalizations/{caseId}']?.get?.operationId).toBe('getHospitalization');
  });

  it('tells where it is served: the deployment’s public base URL', () => {
    expect(doc.servers?.map((x) => x.url)).toEqual([s.base]);
  });

  it("secures the webhook with the Standard Webhooks headers (webhook-id, webhook-timestamp, webhook-signature) or a staff account's token", () => {
    const schemes = doc.components.securitySchemes;
    const headers = ['webhookId', 'webhookTimestamp', 'webhookSignature'].map((name) => schemes[name]);
    expect(headers).toEqual([
      expect.objectContaining({ type: 'apiKey', in: 'header', name: 'webhook-id' }),
      expect.objectContaining({ type: 'apiKey', in: 'header', name: 'webhook-timestamp' }),
      expect.objectContaining({ type: 'apiKey', in: 'header', name: 'webhook-signature' }),
    ]);
    // One requirement with all three: every header is needed (AND), not any one of them (OR); or,
    // as the alternative requirement, a hospital staff account's Bearer token.
    expect(doc.paths['/v1/hospitals/{hospitalId}/events']?.post?.security).toEqual([
      { webhookId: [], webhookTimestamp: [], webhookSignature: [] },
      { adminToken: [] },
    ]);
    expect(doc.paths['/v1/admin/hospitalizations']?.get?.security).toEqual([{ adminToken: [] }]);
  });

  it('says its vocabulary: billing codes, deadline keys, leak and closed reasons are enums with their Japanese names', () => {
    const vocabularies = {
      AddOnCode: ADD_ON_NAMES,
      DeadlineKey: DEADLINE_LABELS,
      LeakReason: LEAK_LABELS,
      ClosedReason: CLOSED_LABELS,
    } as Record<string, Record<string, string>>;
    for (const [name, labels] of Object.entries(vocabularies)) {
      const schema = doc.components.schemas[name];
      expect(schema?.enum, name).toEqual(Object.keys(labels));
      expect(schema?.['x-enum-descriptions'], name).toEqual(Object.values(labels));
      for (const [code, label] of Object.entries(labels)) expect(schema?.description).toContain(`${code}: ${label}`);
    }
    const addOn = doc.components.schemas.AddOnCode!;
    expect(addOn['x-enum-descriptions']![addOn.enum!.indexOf('discharge_2ro')]).toBe('退院・退所加算(II)ロ');
    expect(addOn['x-enum-descriptions']![addOn.enum!.indexOf('info_linkage_1')]).toBe('入院時情報連携加算(I)');
    const leak = doc.components.schemas.LeakReason!;
    expect(leak['x-enum-descriptions']![leak.enum!.indexOf('no_care_manager')]).toBe('ケアマネジャー不在のまま退院');
  });

  it('generates a typed client whose types hold the vocabulary (a wrong code does not compile)', {
    timeout: 60_000,
  }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'renkei-openapi-'));
    try {
      await writeFile(join(dir, 'api.ts'), astToString(await openapiTS(JSON.parse(source))));
      await writeFile(
        join(dir, 'usage.ts'),
        [
          "import type { components, operations, paths } from './api.js';",
          "type Detail = operations['getHospitalization']['responses'][200]['content']['application/json'];",
          "export const code: Detail['billing'][number]['code'] = 'discharge_2ro';",
          "export const key: Detail['deadlines'][number]['key'] = 'informationSheet';",
          "export const leak: NonNullable<Detail['leak']>['reason'] = 'no_care_manager';",
          "export const closed: NonNullable<Detail['closedReason']> = 'completed';",
          "export const overdue: components['schemas']['CaseSummary']['overdue'] = ['carePlanCopy'];",
          "type Event = paths['/v1/hospitals/{hospitalId}/events']['post']['requestBody']['content']['application/json'];",
          "export const event: Event['type'] = 'admitted';",
          '// @ts-expect-error: not a billing code',
          "export const wrongCode: Detail['billing'][number]['code'] = 'discharge_2';",
          '// @ts-expect-error: not a leak reason',
          "export const wrongLeak: components['schemas']['LeakReason'] = 'late';",
          '// @ts-expect-error: not a closed reason',
          "export const wrongClosed: components['schemas']['ClosedReason'] = 'discharged';",
          '// @ts-expect-error: not a deadline key',
          "export const wrongKey: components['schemas']['DeadlineKey'] = 'dischargeStart';",
        ].join('\n'),
      );
      const program = ts.createProgram([join(dir, 'usage.ts')], {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        types: [],
      });
      const diagnostics = ts
        .getPreEmitDiagnostics(program)
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      expect(diagnostics).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
