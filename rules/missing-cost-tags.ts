import { rangeFor, type Rule } from '../server/src/engine/rule';
import { monthlyText } from './iacMoney';
import { fixesOf } from './ruleFixes';

/** Keys suggested when `.mlcost.yaml` names none (the FinOps Foundation's usual owner/cost centre pair). */
const DEFAULT_KEYS = ['team', 'project'];
/** Tags and labels that name or schedule a thing but attribute no cost to a team or project
 *  (Kubernetes' recommended `app.kubernetes.io/*` labels, queue and operator labels, `app`). */
const NOT_ATTRIBUTION = /^(name|app|component|version|tier|release|role|job-name|(app\.kubernetes\.io|kueue\.x-k8s\.io|[\w.-]*kubeflow\.org|volcano\.sh|scheduling\.x-k8s\.io)\/.*)$/;

/**
 * missing-cost-tags: a GPU or ML resource carries no cost-attribution tags (or lacks the keys the
 * team requires in `.mlcost.yaml` `tags: {required: [...]}`), so its spend cannot be charged back.
 */
export const missingCostTags: Rule = {
  id: 'missing-cost-tags',
  title: 'GPU/ML resource without cost-attribution tags',
  defaultSeverity: 'info',
  check(job, ctx) {
    const tags = job.tags;
    if (!tags || tags.unresolved) return [];
    const have = new Set(tags.keys.value.map((k) => k.toLowerCase()));
    const required = ctx.requiredTags;
    let missing: string[];
    if (required?.length) missing = required.filter((k) => !have.has(k.toLowerCase()));
    else missing = [...have].some((k) => !NOT_ATTRIBUTION.test(k)) ? [] : DEFAULT_KEYS;
    if (!missing.length) return [];
    const where = rangeFor(tags.keys, job);
    if (!where) return [];
    const money = monthlyText(job, ctx);
    const what = job.resource ? job.name : `this ${job.workload === 'dev' ? 'machine' : 'job'}`;
    const lacking = required?.length ? `lacks the required tag${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` : 'has no cost-attribution tags';
    return [
      {
        range: where,
        message:
          `${what} ${lacking}${money ? `: ${money} that a cost report cannot attribute to a team or project` : ''}. ` +
          `Cloud bills split spend by tags/labels; untagged GPU spend lands in "unallocated", where nobody owns it. ` +
          `Add ${missing.map((k) => `\`${k}\``).join(' and ')}${required?.length ? '' : ' (set the keys your team requires in .mlcost.yaml: tags: {required: [...]})'}.`,
        ...fixesOf(job.editor?.addTags?.(missing)),
      },
    ];
  },
};
