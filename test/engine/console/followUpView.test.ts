import { describe, expect, it } from 'vitest';
import { inFollowUpView, NO_FOLLOW_UP } from '../../../engine/console/followUps.js';
import { deadlineDay } from '../../../functions/pages/console/common.js';
import { explainDeliveryError } from '../../../notifiers/deliveryProblems.js';

// What a person reads about a stuck item: which view it is in, the day its deadline ends, and what
// happened to an undelivered notice.

describe('the views of the stuck list', () => {
  const item = (f: Partial<typeof NO_FOLLOW_UP>, assignee: string | null = null) => ({
    followUp: { ...NO_FOLLOW_UP, ...f },
    assignee: assignee ? { accountId: assignee, name: assignee } : null,
  });
  const today = '2026-11-04';

  it('active: not resolved, not put off through today; a day put off ends after that day', () => {
    expect(inFollowUpView(item({}), { view: 'active' }, today)).toBe(true);
    expect(inFollowUpView(item({ status: 'resolved' }), { view: 'active' }, today)).toBe(false);
    expect(inFollowUpView(item({ until: '2026-11-04' }), { view: 'active' }, today)).toBe(false);
    expect(inFollowUpView(item({ until: '2026-11-03' }), { view: 'active' }, today)).toBe(true);
    expect(inFollowUpView(item({ until: '2026-11-04' }), { view: 'snoozed' }, today)).toBe(true);
  });

  it('the person filter: an account, or nobody in charge', () => {
    expect(inFollowUpView(item({}, 'acc_1'), { view: 'all', assignee: 'acc_1' }, today)).toBe(true);
    expect(inFollowUpView(item({}, 'acc_2'), { view: 'all', assignee: 'acc_1' }, today)).toBe(false);
    expect(inFollowUpView(item({}), { view: 'all', assignee: 'none' }, today)).toBe(true);
    expect(inFollowUpView(item({}, 'acc_1'), { view: 'all', assignee: 'none' }, today)).toBe(false);
  });
});

describe('a deadline reads as the day it ends', () => {
  it('the midnight closing 11/4 reads 「11/4(水)中」, not 11/05 00:00', () => {
    expect(deadlineDay('2026-11-04T15:00:00.000Z')).toBe('11/4(水)中');
  });
  it('any other instant reads with its time', () => {
    expect(deadlineDay('2026-11-04T08:30:00.000Z')).toBe('11/4(水) 17:30まで');
  });
});

describe('an undelivered notice, said to a person', () => {
  it('no email address and no FAX number: register them or call', () => {
    const p = explainDeliveryError('no usable channel: email: no email address; fax: no FAX number');
    expect(p.what).toBe('メールアドレス・FAX番号が未登録のため送れませんでした。');
    expect(p.todo).toBe('名簿で登録するか、電話で連絡してください。');
    expect(p.directory).toBe(true);
  });
  it('a mailbox that does not exist is not a missing address', () => {
    expect(explainDeliveryError('550 5.1.1 User unknown').what).toContain('メールが届きませんでした');
  });
  it('an unreachable provider is for the system administrator, not the directory', () => {
    const p = explainDeliveryError('mail API unreachable: connect ECONNREFUSED 127.0.0.1:1');
    expect(p.directory).toBe(false);
    expect(p.todo).toContain('システム管理者');
  });
  it('never repeats the provider’s words', () => {
    for (const raw of ['twilio 400 code 21211: invalid To', 'fax api 500: boom', 'weird']) {
      const p = explainDeliveryError(raw);
      expect(`${p.what}${p.todo}`.replace(/FAX|SMS/g, '')).not.toMatch(/[A-Za-z]{3,}/);
    }
  });
});
