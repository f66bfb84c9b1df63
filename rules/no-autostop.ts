import { rangeFor, type Rule } from '../server/src/engine/rule';
import { billedPerHour } from '../server/src/engine/savings';
import { usd } from './iacMoney';
import { fixesOf } from './ruleFixes';

import { USED_HOURS_PER_MONTH } from '../server/src/engine/cost/estimate';
const IDLE_MINUTES = 60;

/**
 * no-autostop: an interactive or dev GPU machine (a notebook instance, a workstation VM) with no
 * idle shutdown or stop schedule, so it bills around the clock while nobody uses it.
 */
export const noAutostop: Rule = {
  id: 'no-autostop',
  title: 'Interactive GPU machine without idle shutdown',
  defaultSeverity: 'warning',
  check(job, ctx) {
    if (job.idleShutdown?.value !== false) return [];
    const kind = job.resource?.kind;
    if (kind && kind !== 'dev-machine' && kind !== 'notebook') return [];
    const where = rangeFor(job.idleShutdown, job);
    if (!where) return [];
    const e = ctx.estimate(job);
    const billed = billedPerHour(e);
    const perHour = billed?.usd;
    const spot = billed?.spot === true;
    const month = ctx.pricing.hoursPerMonth ?? 730;
    const idle = Math.max(0, month - USED_HOURS_PER_MONTH);
    const money =
      perHour !== undefined
        ? ` If it is used 8 hours a working day (${Math.round(USED_HOURS_PER_MONTH)} h a month, an assumption), it idles about ${Math.round(idle)} h a month: ≈ ${usd(idle * perHour)}/month at ${usd(perHour)}/h${spot ? ' spot' : ''}${e?.hardwareLabel ? ` (${e.hardwareLabel})` : ''}.`
        : '';
    const reason = job.idleShutdown!.source.kind === 'default' ? job.idleShutdown!.source.reason : 'idle shutdown is turned off';
    return [
      {
        range: where,
        message: `${job.resource ? job.name : 'This machine'} has no idle shutdown (${reason}), so it bills every hour until someone remembers to stop it.${money} Stop it when idle (an auto-stop lifecycle configuration, idle timeout or stop schedule).`,
        ...(perHour !== undefined && { savingUsdPerHour: (perHour * idle) / month }),
        ...fixesOf(job.editor?.addIdleShutdown?.(IDLE_MINUTES)),
      },
    ];
  },
};
