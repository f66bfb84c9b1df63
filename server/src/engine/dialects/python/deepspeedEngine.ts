import { byDefault } from '../../facts';
import type { AnalysisContext, PrecisionMode } from '../../types';
import type { Fragment } from './fragment';
import { kwarg, pathValue } from './query';
import { callsNamed, importsAny, type Scan } from './scan';

// `deepspeed.initialize(...)`: precision lives in the DeepSpeed JSON, not in the script.

export async function detectDeepSpeedEngine(s: Scan, ctx: AnalysisContext): Promise<Fragment | undefined> {
  if (!importsAny(s, 'deepspeed')) return undefined;
  const init = callsNamed(s, 'initialize').find((c) => c.callee === 'deepspeed.initialize');
  if (!init) return undefined;
  const r = s.src.rangeOf(init.node);
  const cfg = kwarg(init, 'config', 'config_params');
  const ref = pathValue(s.src, cfg);
  // A literal JSON path: that file's dialect reads its fp16/bf16 sections (reported there).
  const linked = ref?.endsWith('.json') ? await ctx.linked(ref) : undefined;
  const fromConfig = linked?.jobs.find((j) => j.precision)?.precision;
  return {
    framework: 'deepspeed',
    trains: false,
    precision: fromConfig ?? byDefault<PrecisionMode>('dynamic', 'DeepSpeed takes fp16/bf16 from its JSON config (--deepspeed_config)', r),
  };
}
