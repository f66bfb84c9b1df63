import { byDefault, fromFile } from '../../facts';
import type { PyNode, PythonSource } from '../../formats/python';
import { appendItem, callSnap, replace } from '../../edit/pythonEdit';
import type { AnalysisContext, Fix, HardwareRequest, Job, Range } from '../../types';
import { applyLaunchedFacts, launchedJobFacts, parseArgv, type Invocation } from '../launch';
import { acceleratorGpu, isTpu, machineKind } from '../vertex/machines';
import { GCS_FUSE, longRunWithoutOutput, outputEnv, withOutputDirectory, type OutputDir } from '../vertex/outputs';
import { calls, descendants, kwarg, receiver, resolve, stringValue, type CallInfo } from './query';
import { argRange, numberArg, stringArg } from './sagemaker/values';

// Vertex AI SDK launchers (`google.cloud.aiplatform`): each CustomJob / CustomTrainingJob /
// CustomContainerTrainingJob / CustomPythonPackageTrainingJob constructed is one job. The machine,
// replicas, timeout, spot strategy and output directory are keyword arguments of the constructor
// (CustomJob.from_local_script, worker_pool_specs dicts) or of its `.run(...)`/`.submit(...)`;
// the script's `args` are read through the shared launcher parser. The one fix: Spot, as
// `scheduling_strategy=` on the run/submit call.

const DIALECT = 'vertex';

const JOB_CLASSES = new Set(['CustomJob', 'CustomTrainingJob', 'CustomContainerTrainingJob', 'CustomPythonPackageTrainingJob']);

/** Names bound to the aiplatform module (`aiplatform`, `aip`, `vertex_ai`) and its job classes imported by name. */
function aiplatformBindings(src: PythonSource): { modules: Set<string>; classes: Set<string> } {
  const modules = new Set<string>();
  const classes = new Set<string>();
  for (const n of descendants(src.root, ['import_statement', 'import_from_statement'])) {
    const text = src.textOf(n).replace(/\s+/g, ' ');
    let m = /^from google\.cloud import (.+)$/.exec(text);
    if (m) {
      for (const part of m[1].replace(/[()]/g, '').split(',')) {
        const a = /^\s*(aiplatform(?:_v1(?:beta1)?)?)(?:\s+as\s+(\w+))?\s*$/.exec(part);
        if (a) modules.add(a[2] ?? a[1]);
      }
      continue;
    }
    m = /^import google\.cloud\.aiplatform(?:\s+as\s+(\w+))?$/.exec(text);
    if (m) {
      modules.add(m[1] ?? 'google.cloud.aiplatform');
      continue;
    }
    m = /^from google\.cloud\.aiplatform(?:\.[\w.]+)? import (.+)$/.exec(text);
    if (m) {
      for (const part of m[1].replace(/[()]/g, '').split(',')) {
        const a = /^\s*(\w+)(?:\s+as\s+(\w+))?\s*$/.exec(part);
        if (a && JOB_CLASSES.has(a[1])) classes.add(a[2] ?? a[1]);
      }
    }
  }
  return { modules, classes };
}

/** The job class a call constructs, else undefined. `CustomJob.from_local_script(...)` counts. */
function jobClass(c: CallInfo, b: { modules: Set<string>; classes: Set<string> }): string | undefined {
  const callee = c.callee.replace(/\.from_local_script$/, '');
  if (callee !== c.callee && !callee.endsWith('CustomJob')) return undefined;
  const dot = callee.lastIndexOf('.');
  const name = callee.slice(dot + 1);
  if (dot < 0) return b.classes.has(name) ? name : undefined;
  return JOB_CLASSES.has(name) && b.modules.has(callee.slice(0, dot)) ? name : undefined;
}

export async function detectVertexJobs(src: PythonSource, ctx: AnalysisContext): Promise<Job[]> {
  if (!/aiplatform/.test(src.text)) return [];
  const b = aiplatformBindings(src);
  if (!b.modules.size && !b.classes.size) return [];
  const all = calls(src);
  const jobs: Job[] = [];
  for (const c of all) {
    const cls = jobClass(c, b);
    if (cls) jobs.push(await vertexJob(src, ctx, c, cls, all, [...b.modules][0]));
  }
  return jobs;
}

/** Keyword lookups over the run/submit calls first, then the constructor. */
type Lookup = (...names: string[]) => PyNode | undefined;

async function vertexJob(src: PythonSource, ctx: AnalysisContext, c: CallInfo, cls: string, all: readonly CallInfo[], module: string | undefined): Promise<Job> {
  const anchor = src.rangeOf(c.node.childForFieldName('function') ?? c.node);
  const runs = runCalls(src, c, all);
  const look: Lookup = (...names) => {
    for (const r of [...runs, c]) {
      const v = kwarg(r, ...names);
      if (v) return v;
    }
    return undefined;
  };
  const pool = firstPool(src, look('worker_pool_specs'));
  const pick: Lookup = (...names) => look(...names) ?? (pool ? dictGet(src, pool, ...names) : undefined);
  const machineSpec = pool ? dictGet(src, pool, 'machine_spec') : undefined;
  const fromSpec: Lookup = (...names) => pick(...names) ?? (machineSpec ? dictGet(src, machineSpec, ...names) : undefined);
  const job: Job = {
    dialect: DIALECT,
    name: `Vertex AI ${cls}`,
    workload: 'training',
    anchor,
    hardware: hardwareOf(src, fromSpec, anchor),
    datasets: [],
    linkedFiles: [],
  };

  job.editor = { useSpot: () => spotFix(src, runs, module) };

  const strategyArg = look('scheduling_strategy');
  const strategy = strategyArg ? enumName(src, strategyArg) : undefined;
  if (strategyArg && strategy) job.spot = fromFile(strategy === 'SPOT', argRange(src, strategyArg), 'scheduling_strategy');
  else if (!strategyArg) job.spot = byDefault(false, 'Vertex AI custom jobs run on-demand unless scheduling_strategy is SPOT', anchor);

  const timeoutArg = look('timeout');
  const t = timeoutArg ? numberArg(src, timeoutArg) : undefined;
  if (t?.value !== undefined && !t.unresolved && t.value > 0) job.schedule = { hours: fromFile(t.value / 3600, t.range, 'timeout') };

  const output = outputDir(src, look('base_output_dir', 'base_output_directory'));
  const invocations = scriptInvocations(src, c, pick, output?.prefix);
  if (invocations.length) {
    applyLaunchedFacts(job, await launchedJobFacts(invocations, ctx, { durableMounts: [GCS_FUSE] }));
  }
  job.checkpoint = withOutputDirectory(job.checkpoint, output);
  longRunWithoutOutput(job);
  return job;
}

function hardwareOf(src: PythonSource, look: Lookup, anchor: Range): HardwareRequest {
  const hw: HardwareRequest = {};
  const typeArg = look('machine_type');
  const accArg = look('accelerator_type');
  const countArg = look('accelerator_count');
  const type = typeArg ? stringArg(src, typeArg) : undefined;
  const acc = accArg ? enumName(src, accArg) : undefined;
  if (type?.unresolved || (accArg && !acc)) hw.unresolved = true;
  const kind = type?.value !== undefined ? machineKind(type.value) : undefined;
  const gpu = acc ? acceleratorGpu(acc) : undefined;
  // An n1 host with attached GPUs is priced by its GPUs: the catalog's n1 row is the bare CPU machine.
  if (typeArg && type?.value !== undefined && !(kind?.kind === 'general' && gpu)) hw.instanceType = fromFile(type.value, type.range, 'machine_type');
  const count = countArg ? numberArg(src, countArg) : undefined;
  if (gpu && accArg) {
    hw.gpu = fromFile(gpu, argRange(src, accArg), 'accelerator_type');
    if (count?.value !== undefined && !count.unresolved) hw.gpuCount = fromFile(count.value, count.range, 'accelerator_count');
    else if (!countArg) hw.gpuCount = byDefault(1, 'the Vertex SDK attaches one accelerator unless accelerator_count says more', argRange(src, accArg));
    else hw.unresolved = true;
  } else if (kind?.kind === 'gpu' && type) {
    hw.gpu = fromFile(kind.gpu, type.range, 'machine_type');
    if (kind.count !== undefined) hw.gpuCount = fromFile(kind.count, type.range, 'machine_type');
  } else if (kind?.kind === 'general' && !accArg) {
    hw.cpuOnly = true;
  } else if (!typeArg && !accArg && !look('worker_pool_specs')) {
    // The SDK's default worker is n1-standard-4 without accelerators (worker_pool_specs built
    // elsewhere, say by a function, may ask for GPUs: unknown then, not CPU-only).
    hw.cpuOnly = true;
  } else if (acc && isTpu(acc)) {
    // a TPU: an accelerator, not a CPU-only job
  }
  const replicas = look('replica_count');
  const n = replicas ? numberArg(src, replicas) : undefined;
  if (n?.value !== undefined && !n.unresolved) hw.nodes = fromFile(n.value, n.range, 'replica_count');
  else if (!replicas) hw.nodes = byDefault(1, 'a Vertex job runs one replica unless replica_count says more', anchor);
  return hw;
}

/** `"NVIDIA_TESLA_A100"`, or the enum's last segment (`aiplatform.gapic.AcceleratorType.NVIDIA_TESLA_A100`). */
function enumName(src: PythonSource, arg: PyNode): string | undefined {
  const v = resolve(src, arg) ?? arg;
  const s = stringValue(src, v);
  if (s !== undefined) return s.trim().toUpperCase();
  if (v.type === 'attribute') {
    const last = src.textOf(v).split('.').pop() ?? '';
    return /^[A-Z][A-Z0-9_]+$/.test(last) ? last : undefined;
  }
  return undefined;
}

function outputDir(src: PythonSource, arg: PyNode | undefined): OutputDir | undefined {
  if (!arg || (resolve(src, arg) ?? arg).type === 'none') return undefined;
  const v = stringArg(src, arg);
  // Named at run time (a variable, an f-string): a base output directory is a Cloud Storage URI by API contract.
  const prefix = v.value !== undefined ? v.value.trim().replace(/\/+$/, '') : 'gs://<base_output_dir>';
  return { prefix, range: v.value !== undefined ? v.range : argRange(src, arg), key: 'base_output_dir' };
}

/** `job.run(...)` / `job.submit(...)` on the variable the job is assigned to. */
function runCalls(src: PythonSource, c: CallInfo, all: readonly CallInfo[]): CallInfo[] {
  const p = c.node.parent;
  const left = p?.type === 'assignment' ? p.childForFieldName('left') : null;
  if (left?.type !== 'identifier') return [];
  const name = src.textOf(left);
  return all.filter((f) => (f.name === 'run' || f.name === 'submit') && receiver(f) === name);
}

/** The first worker pool dict of `worker_pool_specs=[{...}, ...]`. */
function firstPool(src: PythonSource, arg: PyNode | undefined): PyNode | undefined {
  const list = arg ? resolve(src, arg) ?? arg : undefined;
  if (list?.type !== 'list') return undefined;
  const first = list.namedChildren.find((n) => n?.type === 'dictionary' || n?.type === 'identifier');
  const d = first ? resolve(src, first) ?? first : undefined;
  return d?.type === 'dictionary' ? d : undefined;
}

/** Value of a string key of a dict literal (resolving a named nested dict). */
function dictGet(src: PythonSource, dict: PyNode, ...keys: string[]): PyNode | undefined {
  for (const pair of dict.namedChildren) {
    if (pair?.type !== 'pair') continue;
    const k = stringValue(src, pair.childForFieldName('key'));
    const v = pair.childForFieldName('value');
    if (k && keys.includes(k) && v) {
      const r = resolve(src, v) ?? v;
      return r.type === 'dictionary' || r.type === 'list' ? r : v;
    }
  }
  return undefined;
}

type ArgvItem = { text: string; range: Range };

/** A list literal's items as argv words; a value known only at run time reads as a variable. */
function argvOf(src: PythonSource, n: PyNode | undefined): ArgvItem[] {
  const list = n ? resolve(src, n) ?? n : undefined;
  if (!list || list.type !== 'list') return [];
  return list.namedChildren
    .filter((x): x is PyNode => !!x && x.type !== 'comment')
    .map((x) => ({ text: stringValue(src, resolve(src, x) ?? x) ?? '$RUNTIME_VALUE', range: src.rangeOf(x) }));
}

/** What the job runs: its script (+ args), the container's command (+ args), or `python -m` a package module. */
function scriptInvocations(src: PythonSource, c: CallInfo, pick: Lookup, prefix: string | undefined): Invocation[] {
  const env = outputEnv(prefix);
  const containerSpec = pick('container_spec');
  const packageSpec = pick('python_package_spec');
  const inSpec = (spec: PyNode | undefined, ...keys: string[]) => (spec?.type === 'dictionary' ? dictGet(src, spec, ...keys) : undefined);
  const args = argvOf(src, pick('args') ?? inSpec(containerSpec, 'args') ?? inSpec(packageSpec, 'args'));
  const command = argvOf(src, pick('command') ?? inSpec(containerSpec, 'command'));
  if (command.length) return parseArgv([...command, ...args], { env });
  const scriptArg = kwarg(c, 'script_path');
  const moduleArg = pick('python_module_name', 'python_module') ?? inSpec(packageSpec, 'python_module');
  const script = scriptArg ? stringArg(src, scriptArg) : undefined;
  if (script?.value !== undefined && scriptArg) return parseArgv([{ text: 'python', range: argRange(src, scriptArg) }, { text: script.value, range: script.range }, ...args], { env });
  const module = moduleArg ? stringValue(src, resolve(src, moduleArg) ?? moduleArg) : undefined;
  if (module && moduleArg) {
    const r = argRange(src, moduleArg);
    return parseArgv([{ text: 'python', range: r }, { text: '-m', range: r }, { text: module, range: r }, ...args], { env });
  }
  if (!args.length) return [];
  const at = args[0].range;
  const invs = parseArgv([{ text: 'python', range: at }, { text: 'entrypoint.py', range: at }, ...args], { env });
  for (const i of invs) {
    delete i.script;
    delete i.scriptRange;
  }
  return invs;
}

/**
 * Spot capacity on the run/submit call: an on-demand `scheduling_strategy` enum or string is
 * rewritten to SPOT; otherwise the argument is added, spelled through the file's aiplatform import.
 */
function spotFix(src: PythonSource, runs: CallInfo[], module: string | undefined): Fix | undefined {
  const run = runs[0];
  if (!run || runs.length > 1) return undefined;
  const title = 'Run on Spot VMs: scheduling_strategy=SPOT';
  const arg = kwarg(run, 'scheduling_strategy');
  if (arg) {
    const t = src.textOf(arg);
    const m = /^(.*\.)?(STANDARD|ON_DEMAND|STRATEGY_UNSPECIFIED)$/.exec(t) ?? /^(["'])(STANDARD|ON_DEMAND)\1$/.exec(t);
    if (!m) return undefined;
    const out = t.startsWith('"') || t.startsWith("'") ? `${t[0]}SPOT${t[0]}` : `${m[1] ?? ''}SPOT`;
    return { title, edits: [replace(src.lines, arg.startIndex, arg.endIndex, out)], safe: false };
  }
  const snap = callSnap(src, run.node);
  if (!snap || !module) return undefined;
  return { title, edits: appendItem(src.text, src.lines, snap.args, `scheduling_strategy=${module}.compat.types.custom_job.Scheduling.Strategy.SPOT`), safe: false };
}
