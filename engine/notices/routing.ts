import type { Channel } from '../../notifiers/delivery.js';
import { toE164Japan } from '../../notifiers/phone.js';
import type { Deps } from '../deps.js';

/** Which channels a notice may take, in order (the outbox row's `route`); not the rule's route A/B. */
export type ChannelRoute = 'preferred' | 'sms' | 'email' | 'document' | 'reminder';

/** Where a recipient can be reached, by channel. */
export interface Reachable {
  email: string | null;
  fax: string | null;
  smsPhone: string | null;
  preferredChannel: Channel | null;
}

export interface ChannelPlan {
  /** Channels to try, in order; each has an address and a configured provider. */
  plan: { channel: Channel; address: string }[];
  /** Why the others are not in it, for the record when nothing is left. */
  unavailable: string[];
}

const ROUTES: Record<ChannelRoute, (r: Reachable) => Channel[]> = {
  // The office's choice first; the rest, email before FAX before SMS, are fallbacks.
  preferred: (r) => {
    const first = r.preferredChannel ?? 'email';
    return [first, ...(['email', 'fax', 'sms'] as const).filter((c) => c !== first)];
  },
  sms: () => ['sms'],
  email: () => ['email'],
  // A hospital window takes documents by FAX (001's directory lists FAX numbers); email if it has one.
  document: () => ['fax', 'email'],
  // About an unconfirmed FAX: another FAX would not tell anyone anything.
  reminder: () => ['email', 'sms'],
};

/** The channel plan of one notice, computed at dispatch from the directory and the configuration. */
export function channelPlan(deps: Pick<Deps, 'sms' | 'fax'>, route: ChannelRoute, r: Reachable): ChannelPlan {
  const plan: ChannelPlan['plan'] = [];
  const unavailable: string[] = [];
  for (const channel of ROUTES[route](r)) {
    switch (channel) {
      case 'email':
        if (r.email) plan.push({ channel, address: r.email });
        else unavailable.push('email: no email address');
        break;
      case 'fax':
        if (!r.fax) unavailable.push('fax: no FAX number');
        else if (!deps.fax) unavailable.push('fax: FAX_PROVIDER=none');
        else plan.push({ channel, address: r.fax });
        break;
      case 'sms': {
        const to = r.smsPhone ? toE164Japan(r.smsPhone) : null;
        if (!to) unavailable.push('sms: no SMS number');
        else if (!deps.sms) unavailable.push('sms: Twilio not configured');
        else plan.push({ channel, address: to });
        break;
      }
    }
  }
  return { plan, unavailable };
}
