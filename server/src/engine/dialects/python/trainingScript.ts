import type { PythonSource } from '../../formats/python';
import type { AnalysisContext, Job } from '../../types';
import { detectAccelerator } from './accelerator';
import { detectClassicMl } from './classicMl';
import { detectDataLoading } from './dataLoading';
import { detectDatasets } from './datasets';
import { pythonScriptEditor } from './editor';
import { detectDeepSpeedEngine } from './deepspeedEngine';
import { mergeFragments, type Fragment } from './fragment';
import { detectHfTrainer } from './hfTrainer';
import { detectKeras } from './keras';
import { detectLightning } from './lightningTrainer';
import { detectPretrained } from './pretrained';
import { scan } from './scan';
import { detectTorchLoop } from './torchLoop';

// A Python file is a training job when it imports an ML framework AND trains with it
// (backward + optimizer step, trainer.fit, trainer.train, model.fit). Everything else
// (web apps, report scripts, setup.py, inference) yields no job, so nothing is reported.

/** Most specific first, as in mergeFragments: it names the job and places its anchor. */
const OWNER_ORDER = ['lightning', 'hf', 'keras', 'accelerate', 'torch', 'classic'] as const;

export async function detectTrainingScript(src: PythonSource, ctx: AnalysisContext): Promise<Job[]> {
  const s = scan(src);
  const fragments: Fragment[] = [
    detectLightning(s),
    detectHfTrainer(s),
    detectKeras(s),
    detectAccelerator(s),
    detectTorchLoop(s),
    detectPretrained(s),
    detectClassicMl(s),
  ].filter((f): f is Fragment => f !== undefined);
  const owner = OWNER_ORDER.map((fw) => fragments.find((f) => f.framework === fw && f.trains && f.anchor)).find(Boolean);
  if (!owner?.anchor) return [];
  const ds = await detectDeepSpeedEngine(s, ctx);
  if (ds) fragments.push(ds);
  const merged = mergeFragments(fragments);
  const loading = detectDataLoading(s);
  const job: Job = {
    dialect: 'python-script',
    name: owner.name ?? 'training script',
    workload: 'training',
    anchor: owner.anchor,
    datasets: detectDatasets(s),
    linkedFiles: [],
    editor: pythonScriptEditor(s, owner.framework, owner.anchor, loading.plan),
  };
  if (loading.facts) job.dataLoading = loading.facts;
  if (merged.precision) job.precision = merged.precision;
  if (merged.hardware) job.hardware = merged.hardware;
  if (merged.checkpoint) job.checkpoint = merged.checkpoint;
  if (merged.schedule) job.schedule = merged.schedule;
  if (merged.batch) job.batch = merged.batch;
  if (merged.model) job.model = merged.model;
  return [job];
}
