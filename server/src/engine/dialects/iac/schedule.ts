// Hours a month a machine runs under the start/stop schedule its infrastructure code declares
// (AWS `aws_autoscaling_schedule` recurrences, a GCP instance schedule policy, CDK
// `scaleOnSchedule`): the weekly cron events are played over one week and the hours with capacity
// summed, then scaled to a month (730 h = 168 h x 730/168). A schedule this module cannot read
// (day-of-month or month fields, steps) gives undefined: the machine is then priced always-on.

/** One scheduled action: a 5-field cron expression (minute hour day-of-month month day-of-week)
 *  and the capacity it sets (0 = stopped). */
export interface ScheduledAction {
  cron: string;
  capacity: number;
}

const HOURS_PER_WEEK = 168;
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function dayNumber(s: string): number | undefined {
  const up = s.toUpperCase();
  const named = DAY_NAMES.indexOf(up.slice(0, 3));
  if (named >= 0 && /^[A-Z]+$/.test(up)) return named;
  if (/^\d$/.test(s)) return Number(s) % 7; // 0 and 7 are Sunday
  return undefined;
}

/** `*`, `1-5`, `MON-FRI`, `1,3,5`: the week days (0 = Sunday); undefined for forms not read. */
function daysOf(field: string): number[] | undefined {
  if (field === '*' || field === '?') return [0, 1, 2, 3, 4, 5, 6];
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const [a, b] = part.split('-');
    const from = dayNumber(a);
    const to = b === undefined ? from : dayNumber(b);
    if (from === undefined || to === undefined) return undefined;
    for (let d = from; ; d = (d + 1) % 7) {
      out.add(d);
      if (d === to) break;
    }
  }
  return [...out];
}

/** `7` or `7,19`: hours of the day (no steps or ranges: a schedule that starts every hour is not a stop schedule). */
function listOf(field: string, max: number): number[] | undefined {
  const out: number[] = [];
  for (const p of field.split(',')) {
    if (!/^\d+$/.test(p) || Number(p) > max) return undefined;
    out.push(Number(p));
  }
  return out;
}

/** Event times in hours from Sunday 00:00 for one action; undefined when the cron is not read. */
function eventsOf(a: ScheduledAction): { at: number; capacity: number }[] | undefined {
  const f = a.cron.trim().split(/\s+/);
  if (f.length !== 5) return undefined;
  const [min, hour, dom, month, dow] = f;
  if (!['*', '?'].includes(dom) || month !== '*') return undefined;
  const minutes = listOf(min, 59);
  const hours = listOf(hour, 23);
  const days = daysOf(dow);
  if (!minutes || !hours || !days) return undefined;
  return days.flatMap((d) => hours.flatMap((h) => minutes.map((m) => ({ at: d * 24 + h + m / 60, capacity: a.capacity }))));
}

/**
 * An AWS schedule expression (`cron(0 19 ? * MON-FRI *)`, EventBridge's six fields with a year and
 * day-of-week 1 = Sunday) as a five-field cron; undefined for `rate(...)`/`at(...)` or other forms.
 */
export function awsCronExpression(expr: string): string | undefined {
  const m = /^cron\((.*)\)$/.exec(expr.trim());
  const f = m?.[1].trim().split(/\s+/);
  if (!f || f.length !== 6 || !['*', '?'].includes(f[5])) return undefined;
  const dow = f[4].replace(/\d/g, (d) => String((Number(d) + 6) % 7));
  return [f[0], f[1], f[2], f[3], dow].join(' ');
}

/** Running hours per week under the schedule; undefined when it cannot be read or never stops/starts. */
export function weeklyRunningHours(actions: readonly ScheduledAction[]): number | undefined {
  const events: { at: number; capacity: number }[] = [];
  for (const a of actions) {
    const e = eventsOf(a);
    if (!e) return undefined;
    events.push(...e);
  }
  // Both a stop and a start: a stop alone leaves the start to a person, whose hours are unknown.
  if (!events.some((e) => e.capacity === 0) || !events.some((e) => e.capacity > 0)) return undefined;
  events.sort((x, y) => x.at - y.at);
  let running = 0;
  for (let i = 0; i < events.length; i++) {
    const next = i + 1 < events.length ? events[i + 1].at : events[0].at + HOURS_PER_WEEK;
    if (events[i].capacity > 0) running += next - events[i].at;
  }
  return running;
}

/** Running hours per month (a month of `hoursPerMonth`, 730 by default). */
export function monthlyRunningHours(actions: readonly ScheduledAction[], hoursPerMonth = 730): number | undefined {
  const week = weeklyRunningHours(actions);
  return week === undefined ? undefined : Math.round((week * hoursPerMonth) / HOURS_PER_WEEK);
}
