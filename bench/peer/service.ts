import './node20.js';
import * as restate from '@restatedev/restate-sdk';
import { type HospitalEventInput, type Office, ruleFor, toMachineEvent } from '../../engine/cases/index.js';
import { verifyWebhook } from '../../engine/crypto/index.js';
import type { Deps } from '../../engine/deps.js';
import { HospitalEventSchema } from '../../functions/schemas.js';
import { accepts, admit, apply, type Step, type StoredSnapshot } from '../../machines/run.js';
import type { DeadlineKey, Effect, HospitalizationEvent } from '../../machines/types.js';
import { loadRegionPacks } from '../../regions/load.js';

/**
 * The same hospitalization workflow on Restate: one virtual object per hospitalization (key
 * `{hospitalId}:{encounter}`), the same XState machine and pure transition, the same signed and
 * validated webhook. State, event log, tasks and queued notices live in the object's state;
 * deadlines are durable timers (delayed calls to the object itself). Idempotency comes from
 * Restate's idempotency-key (the generator sends the webhook-id). Not ported, because the ingest
 * load does not exercise them: patient linking, corrections, the directory checks and sending.
 */
const secrets: Record<string, string> = JSON.parse(process.env.PEER_SECRETS ?? '{}');
const offices: Record<string, Office> = JSON.parse(process.env.PEER_OFFICES ?? '{}');
const packs = await loadRegionPacks();
const regions = { regions: new Map(packs.map((p) => [p.id, p])) } as unknown as Deps;
const TIMER_EVENTS = { remind: 'deadline_approached', due: 'deadline_passed', escalate: 'deadline_escalated' } as const;

type Ctx = restate.ObjectContext;

async function persist(ctx: Ctx, seq: number, entry: unknown, step: Step) {
  ctx.set('snapshot', step.snapshot);
  ctx.set('seq', seq);
  ctx.set(`event:${seq}`, entry);
  const tasks = (await ctx.get<Record<string, string>>('tasks')) ?? {};
  const now = await ctx.date.now();
  step.effects.forEach((effect: Effect, index) => {
    switch (effect.type) {
      case 'openTask':
        tasks[effect.task] ??= `${ctx.key}:${seq}:${index}`;
        break;
      case 'closeTask':
        delete tasks[effect.task];
        break;
      case 'sendNotice':
        ctx.set(`notice:${seq}:${index}`, { notice: effect.notice, to: effect.to, status: 'pending' });
        break;
      case 'setDeadline':
        for (const [kind, when] of [
          ['remind', effect.remindAt],
          ['due', effect.dueAt],
          ['escalate', effect.escalateAt],
        ] as const) {
          if (!when) continue;
          ctx.genericSend({
            service: 'Hospitalization',
            method: 'deadline',
            key: ctx.key,
            inputSerde: restate.serde.json,
            parameter: { key: effect.key, kind, dueAt: when },
            delay: Math.max(0, Date.parse(when) - now),
          });
        }
        break;
      case 'clearDeadline':
        // The timer still fires; the deadline handler finds the deadline met and does nothing.
        break;
    }
  });
  ctx.set('tasks', tasks);
}

const hospitalization = restate.object({
  name: 'Hospitalization',
  handlers: {
    event: async (ctx: Ctx): Promise<{ caseId: string; state: string }> => {
      const request = ctx.request();
      const raw = new TextDecoder().decode(request.body);
      const hospitalId = ctx.key.slice(0, ctx.key.indexOf(':'));
      const h = request.headers;
      const failure = await verifyWebhook(
        secrets[hospitalId] ? [secrets[hospitalId]] : [],
        { id: h.get('webhook-id'), timestamp: h.get('webhook-timestamp'), signature: h.get('webhook-signature') },
        raw,
        Math.floor((await ctx.date.now()) / 1000),
      );
      if (failure) throw new restate.TerminalError(`signature not accepted: ${failure}`, { errorCode: 401 });
      const parsed = HospitalEventSchema.safeParse(JSON.parse(raw));
      if (!parsed.success) throw new restate.TerminalError('invalid body', { errorCode: 400 });
      const input = parsed.data as HospitalEventInput;
      const stored = await ctx.get<StoredSnapshot>('snapshot');
      const seq = ((await ctx.get<number>('seq')) ?? 0) + 1;
      const entry = {
        webhookId: h.get('webhook-id'),
        type: input.type,
        occurredAt: input.occurredAt,
        data: input.data,
      };
      if (input.type === 'admitted') {
        if (stored) throw new restate.TerminalError('already admitted', { errorCode: 409 });
        const office = input.data.careOfficeId ? (offices[input.data.careOfficeId] ?? null) : null;
        const step = admit({
          caseId: ctx.key,
          hospitalId,
          occurredAt: input.occurredAt,
          ward: input.data.ward,
          careOfficeId: office?.id ?? null,
          officeKind: office?.kind ?? null,
          officeHours: office?.businessHours ?? null,
          usedCareServices: input.data.usedCareServices ?? office !== null,
          firstInformedBy: input.data.firstInformedBy ?? 'hospital',
          rule: ruleFor(regions, 'sanda'),
          previousStay: null,
        });
        await persist(ctx, seq, entry, step);
        return { caseId: ctx.key, state: step.state };
      }
      if (!stored) throw new restate.TerminalError('unknown hospitalization', { errorCode: 409 });
      if (input.type === 'event_retracted')
        throw new restate.TerminalError('corrections are not ported', { errorCode: 400 });
      const officeId = 'careOfficeId' in input.data ? (input.data as { careOfficeId: string }).careOfficeId : null;
      const event: HospitalizationEvent = toMachineEvent(input, officeId ? (offices[officeId] ?? null) : null);
      if (!accepts(stored, event)) {
        ctx.set('seq', seq);
        ctx.set(`event:${seq}`, { ...entry, outcome: 'rejected' });
        throw new restate.TerminalError(`${event.type} is not allowed now`, { errorCode: 409 });
      }
      const step = apply(stored, event);
      await persist(ctx, seq, entry, step);
      return { caseId: ctx.key, state: step.state };
    },
    deadline: async (ctx: Ctx, timer: { key: DeadlineKey; kind: 'remind' | 'due' | 'escalate'; dueAt: string }) => {
      const stored = await ctx.get<StoredSnapshot>('snapshot');
      if (!stored) return;
      const firedAt = new Date(await ctx.date.now()).toISOString();
      const event = {
        type: TIMER_EVENTS[timer.kind],
        key: timer.key,
        occurredAt: timer.dueAt,
        firedAt,
      } as HospitalizationEvent;
      if (!accepts(stored, event)) return;
      const seq = ((await ctx.get<number>('seq')) ?? 0) + 1;
      await persist(ctx, seq, { timer }, apply(stored, event));
    },
  },
});

const port = await restate
  .endpoint()
  .bind(hospitalization)
  .listen(Number(process.env.PORT ?? 9080));
console.log(JSON.stringify({ ready: port }));
