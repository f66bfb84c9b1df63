import { rangeFor, type Rule } from '../server/src/engine/rule';
import { coolTier, hotTier, STORAGE_PRICES_RETRIEVED } from '../server/src/engine/cost/storage';
import { usd } from './iacMoney';
import { fixesOf } from './ruleFixes';

const TIER_AFTER_DAYS = 30;
const PURPOSE_TEXT: Record<string, string> = {
  checkpoints: 'checkpoints (each run writes more; old ones are rarely read again)',
  datasets: 'datasets (read heavily while training, then rarely)',
  logs: 'training logs (read for days, kept for years)',
  models: 'model artifacts (old versions pile up)',
};

/**
 * storage-lifecycle: a bucket that holds checkpoints, datasets, logs or model artifacts has no
 * lifecycle rule, so every object stays in the hot tier forever.
 */
export const storageLifecycle: Rule = {
  id: 'storage-lifecycle',
  title: 'ML bucket without a lifecycle rule',
  defaultSeverity: 'info',
  check(job) {
    const b = job.bucket;
    if (job.resource?.kind !== 'bucket' || !b || b.lifecycle?.value !== false) return [];
    const purpose = PURPOSE_TEXT[b.purpose.value];
    if (!purpose) return [];
    const where = rangeFor(b.lifecycle, job);
    if (!where) return [];
    const hot = hotTier(b.provider);
    const cool = coolTier(b.provider);
    let money = '';
    if (hot && cool) {
      const perTb = (hot.usdPerGbMonth - cool.usdPerGbMonth) * 1000;
      const size = b.sizeGb?.value;
      const saving = size !== undefined ? `${usd(((hot.usdPerGbMonth - cool.usdPerGbMonth) * size))}/month on its ${size.toLocaleString('en-US')} GB` : `$${perTb.toFixed(2)} per TB-month`;
      money =
        ` Everything stays in ${hot.tier} ($${hot.usdPerGbMonth}/GB-month); moving objects older than ${TIER_AFTER_DAYS} days to ${cool.tier} ($${cool.usdPerGbMonth}/GB-month) saves ${saving}` +
        ` (list prices ${hot.region}, ${STORAGE_PRICES_RETRIEVED}; retrieval fees apply to what is read back), and expiring old versions saves all of theirs.`;
    }
    return [
      {
        range: where,
        message: `${job.name} holds ${purpose} but has no lifecycle rule.${money}`,
        ...fixesOf(job.editor?.addLifecycle?.(TIER_AFTER_DAYS)),
      },
    ];
  },
};
