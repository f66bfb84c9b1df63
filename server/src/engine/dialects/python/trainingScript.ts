import type { PythonSource } from '../../formats/python';
import type { AnalysisContext, Job } from '../../types';
import { detectAccelerator } from './accelerator';
import { detectClassicMl } from './classicMl';
import { detectDataLoading } from './dataLoading';
import { detectDataModule } from './dataModule';
import { detectDatasets } from './datasets';
import { pythonScriptEditor } from './editor';
import { detectDeepSpeedEngine } from './deepspeedEngine';
import { mergeFragments, type Fragment } from './fragment';
import { detectHfTrainer } from './hfTrainer';
import { detectKeras } from './keras';
import { declaredModel } from './moduleSize';
import { detectLightning } from './lightningTrainer';
import { detectPretrained } from './pretrained';
import { completeGptModel, looksLikeNanoGptConfig, nanoGptConfigJob, nanoGptSettings } from './nanogpt';
import { scan } from './scan';
import { detectSearch } from './search';
import { detectTorchLoop } from './torchLoop';
import { detectUltralytics } from './ultralytics';

// A Python file is a training job when it imports an ML framework AND trains with it
// (backward + optimizer step, trainer.fit, trainer.train, model.fit). Everything else
// (web apps, report scripts, setup.py, inference) yields no job, so nothing is reported.

/** Most specific first, as in mergeFragments: it names the job and places its anchor. */
const OWNER_ORDER = ['ultralytics', 'lightning', 'hf', 'keras', 'accelerate', 'torch', 'classic'] as const;

export async function detectTrainingScript(src: PythonSource, ctx: AnalysisContext): Promise<Job[]> {
  const s = scan(src);
  const fragments: Fragment[] = [
    detectUltralytics(s),
    detectLightning(s),
    detectHfTrainer(s),
    detectKeras(s),
    detectAccelerator(s),
    detectTorchLoop(s),
    detectPretrained(s),
    detectClassicMl(s),
  ].filter((f): f is Fragment => f !== undefined);
  const owner = OWNER_ORDER.map((fw) => fragments.find((f) => f.framework === fw && f.trains && f.anchor)).find(Boolean);
  // A search that runs trials (tune.run, study.optimize) is a job even when its trainable is elsewhere.
  const search = detectSearch(s);
  const ownSearch = search && (owner?.anchor || search.runs) ? search : undefined;
  if (!owner?.anchor && !ownSearch) {
    // A nanoGPT `config/*.py` override trains through the train.py beside it.
    if (looksLikeNanoGptConfig(s)) return nanoGptConfigJob(s, ctx);
    // No training here: a module that builds the training data from a table is still judged for it.
    const data = detectDataModule(s, detectDatasets(s), ctx.path);
    if (!data) return [];
    data.editor = pythonScriptEditor(s, 'torch', data.anchor);
    return [data];
  }
  const anchor = owner?.anchor ?? ownSearch!.anchor;
  const ds = await detectDeepSpeedEngine(s, ctx);
  if (ds) fragments.push(ds);
  const merged = mergeFragments(fragments);
  const loading = detectDataLoading(s);
  const job: Job = {
    dialect: 'python-script',
    name: owner?.name ?? ownSearch?.name ?? 'training script',
    workload: 'training',
    anchor,
    datasets: detectDatasets(s),
    linkedFiles: [],
    editor: { ...pythonScriptEditor(s, owner?.framework ?? 'model', anchor, loading.plan), ...ownSearch?.editor },
  };
  for (const d of owner?.datasets ?? []) if (!job.datasets.some((x) => x.value.path === d.value.path)) job.datasets.push(d);
  if (loading.facts) job.dataLoading = loading.facts;
  else if (owner?.dataLoading) job.dataLoading = owner.dataLoading;
  if (ownSearch) job.search = ownSearch.search;
  if (merged.precision) job.precision = merged.precision;
  if (merged.hardware) job.hardware = merged.hardware;
  // A plain PyTorch loop runs on the CPU unless something moves it to an accelerator.
  else if (owner?.framework === 'torch' && neverLeavesCpu(src.text)) job.hardware = { cpuOnly: true };
  if (merged.checkpoint) job.checkpoint = merged.checkpoint;
  if (merged.schedule) job.schedule = merged.schedule;
  if (merged.batch) job.batch = merged.batch;
  if (merged.model) job.model = merged.model;
  // A model the script defines itself: counted from the layers its __init__ builds.
  if (!job.model?.id && !job.model?.parameters && owner?.framework === 'torch') {
    const declared = declaredModel(s);
    if (declared) job.model = { ...job.model, declared, parameters: { value: declared.value.parameters, source: declared.source } };
  }
  if (owner?.framework === 'torch') addNanoGptSettings(job, src);
  return [job];
}

/**
 * Nothing in the script names an accelerator or a device: no `cuda`, `.to(…)`, `device`, `gpu`,
 * `torch.accelerator`, MPS/XLA, distributed wrappers or launchers. PyTorch then computes on the CPU
 * (pytorch/examples' regression and reinforcement_learning scripts are written so).
 */
function neverLeavesCpu(text: string): boolean {
  const code = text.replace(/#.*$/gm, ''); // comments may say anything
  return !/cuda|\.to\(|device|\bgpus?\b|accelerator|\bmps\b|\bxla\b|torch_xla|DataParallel|init_process_group|deepspeed|fabric|torchrun|LOCAL_RANK/i.test(code);
}

/** Iteration-style settings (nanoGPT's train.py): read when the loop's own reading left them out. */
function addNanoGptSettings(job: Job, src: PythonSource): void {
  const n = nanoGptSettings(src);
  if (n.schedule?.maxSteps && !job.schedule?.maxSteps) job.schedule = { ...job.schedule, maxSteps: n.schedule.maxSteps };
  if (n.schedule?.epochs && !job.schedule?.epochs) job.schedule = { ...job.schedule, epochs: n.schedule.epochs };
  if (n.batch) {
    const b = { ...job.batch };
    // Arithmetic settings (`5 * 8`) are only read here: they win over nothing, never over a DataLoader value.
    b.perDevice ??= n.batch.perDevice;
    b.gradientAccumulation = n.batch.gradientAccumulation ?? b.gradientAccumulation;
    b.sequenceLength ??= n.batch.sequenceLength;
    if (n.batch.accumulationIsGlobal) b.accumulationIsGlobal = n.batch.accumulationIsGlobal;
    for (const k of Object.keys(b) as (keyof typeof b)[]) if (b[k] === undefined) delete b[k];
    job.batch = b;
  }
  if (n.model && !job.model?.id && !job.model?.parameters) job.model = { ...job.model, ...n.model };
  if (n.dataset && !job.datasets.some((d) => d.value.path === n.dataset!.value.path)) job.datasets.push(n.dataset);
  completeGptModel(job.model, job.batch, n.dataset?.value.path);
}
