// A CDK `asg.scaleOnSchedule(id, { schedule, desiredCapacity | minCapacity | maxCapacity })` action
// as a cron and the capacity it sets. `Schedule.cron({...})` fields default to `*` as in CDK
// (a missing minute then means "every minute", which the schedule reader rejects: never guessed);
// `Schedule.expression('0 8 * * MON-FRI')` is read as written.

import { num, prop, str, type TsScope, type TsValue } from './tsValues';
import type { ScheduledAction } from './schedule';

function field(v: TsValue | undefined): string | undefined {
  if (!v) return '*';
  const s = str(v) ?? (num(v) !== undefined ? String(num(v)) : undefined);
  return s;
}

export function cdkScheduledAction(props: TsValue | undefined, scope: TsScope): ScheduledAction | undefined {
  const schedule = prop(props, 'schedule');
  const capacity = num(prop(props, 'desiredCapacity')) ?? num(prop(props, 'maxCapacity')) ?? num(prop(props, 'minCapacity'));
  if (schedule?.k !== 'call' || capacity === undefined) return undefined;
  const q = schedule.q ?? '';
  if (/Schedule\.expression$/.test(q)) {
    const cron = str(scope.value(schedule.args[0]));
    return cron ? { cron, capacity } : undefined;
  }
  if (!/Schedule\.cron$/.test(q)) return undefined;
  const o = scope.value(schedule.args[0]);
  if (o?.k !== 'obj' || o.open) return undefined;
  const parts = ['minute', 'hour', 'day', 'month', 'weekDay'].map((k) => field(prop(o, k)));
  if (parts.some((p) => p === undefined)) return undefined;
  return { cron: parts.join(' '), capacity };
}
