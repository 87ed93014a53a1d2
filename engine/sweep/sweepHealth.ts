import { adminAlerts } from '../../db/schema.js';
import { administratorAddresses } from '../access/index.js';
import { newId } from '../crypto/index.js';
import type { Deps } from '../deps.js';
import { loggableMessage } from '../log.js';
import { ALERT_LABELS } from '../notices/index.js';

/** Sweeps failing one after another (a database locked for minutes, a full disk) before administrators are told. */
export const SWEEP_FAILURES_BEFORE_ALERT = 3;

interface Streak {
  since: number;
  failures: number;
  alerted: boolean;
  lastError: string;
}

// Per database, in this process: on Workers each cron invocation may start afresh, and then only
// the log says so (the Cron Trigger's own failure reporting covers the rest).
const streaks = new WeakMap<object, Streak>();

/**
 * Counts a failed sweep. At the third in a row the administrators are told once for the whole
 * streak: by mail directly (the outbox is in the database that may be what fails) to the region
 * administrators' addresses and administrator accounts with an email, and as an alert row
 * when the database takes it. Failing to tell them is logged, never retried as another alert.
 */
export async function sweepFailed(deps: Deps, now: Date, error: unknown): Promise<void> {
  const key = deps.database;
  const streak = streaks.get(key) ?? { since: now.getTime(), failures: 0, alerted: false, lastError: '' };
  streak.failures++;
  streak.lastError = loggableMessage(error);
  streaks.set(key, streak);
  deps.log.error('sweep failed', {
    failures: streak.failures,
    error: (error as Error).name,
    errorMessage: streak.lastError,
  });
  if (streak.failures < SWEEP_FAILURES_BEFORE_ALERT || streak.alerted) return;
  streak.alerted = true;
  await recordAlert(deps, streak, now).catch(() => undefined);
  const text = [
    `renkei からの自動連絡です。${ALERT_LABELS.sweep_failing}。`,
    `期限の確認と通知の送信が ${new Date(streak.since).toISOString()} から ${streak.failures} 回続けて失敗しました。`,
    `最後のエラー: ${streak.lastError}`,
    '回復すると自動で再開します (期限・通知は失われません)。続く場合はサーバーとデータベースを確認してください。',
    `管理画面: ${deps.config.publicBaseUrl}/console`,
  ].join('\n');
  for (const to of await addressesToTell(deps)) {
    try {
      await deps.email.send({
        noticeId: `alert-sweep-${streak.since}`,
        to,
        subject: `【renkei 要対応】${ALERT_LABELS.sweep_failing}`,
        text,
      });
    } catch (e) {
      deps.log.error('sweep alert not sent', { error: (e as Error).name });
    }
  }
}

/** A sweep went through: the streak ends, and its alert is recorded if the database refused it while failing. */
export async function sweepSucceeded(deps: Deps, now: Date): Promise<void> {
  const streak = streaks.get(deps.database);
  if (!streak) return;
  streaks.delete(deps.database);
  if (streak.alerted) await recordAlert(deps, streak, now);
  deps.log.info('sweep recovered', { failures: streak.failures });
}

function recordAlert(deps: Deps, streak: Streak, now: Date) {
  return deps.database.db
    .insert(adminAlerts)
    .values({
      id: newId('alr'),
      kind: 'sweep_failing',
      dedupeKey: `sweep:${streak.since}`,
      detail:
        `${streak.failures} 回続けて失敗 (${new Date(streak.since).toISOString()} から): ${streak.lastError}`.slice(
          0,
          500,
        ),
      createdAt: now.getTime(),
    })
    .onConflictDoNothing();
}

/** The database may be what fails: then the packs' addresses are all there is to mail. */
async function addressesToTell(deps: Deps): Promise<string[]> {
  return administratorAddresses(deps).catch(() =>
    [...deps.regions.values()].map((r) => r.administrator.email).filter((e): e is string => !!e),
  );
}
