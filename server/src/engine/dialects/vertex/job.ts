import { byDefault, fromFile } from '../../facts';
import type { YamlNode } from '../../formats/yaml';
import type { AnalysisContext, HardwareRequest, Job, Range } from '../../types';
import { applyLaunchedFacts, launchedJobFacts, parseArgv, type Invocation } from '../launch';
import { shellInvocations } from '../kubernetes/commands';
import { vertexEditor } from './editor';
import { acceleratorGpu, durationHours, isTpu, machineKind } from './machines';
import { GCS_FUSE, longRunWithoutOutput, outputEnv, withOutputDirectory, type OutputDir } from './outputs';
import { field, type CustomJobSpec, type WorkerPool } from './spec';

// One Vertex AI custom job from its CustomJobSpec: hardware from the worker pools' machine specs,
// spot from `scheduling.strategy`, the run's upper bound from `scheduling.timeout`, and the rest
// from what the first pool runs, read through the shared launcher parser.

const DIALECT = 'vertex';

export async function buildVertexJob(root: YamlNode, s: CustomJobSpec, ctx: AnalysisContext): Promise<Job> {
  const anchor = s.poolsNode.keyRange() ?? s.poolsNode.range();
  const first = s.pools[0];
  const job: Job = {
    dialect: DIALECT,
    name: field(root, 'displayName')?.str() ?? 'Vertex AI custom job',
    workload: 'training',
    anchor,
    hardware: hardwareOf(s.pools),
    datasets: [],
    linkedFiles: [],
  };
  const scheduling = field(s.spec, 'scheduling');
  const strategy = field(scheduling, 'strategy');
  const strategyText = strategy?.str()?.toUpperCase();
  if (strategy && strategyText) job.spot = fromFile(strategyText === 'SPOT', strategy.range(), 'strategy');
  else job.spot = byDefault(false, 'Vertex AI custom jobs run on-demand unless scheduling.strategy is SPOT', anchor);
  const timeout = field(scheduling, 'timeout');
  const hours = durationHours(timeout?.num() ?? timeout?.str());
  if (timeout && hours !== undefined) job.schedule = { hours: fromFile(hours, timeout.range(), 'timeout') };

  const output = outputPrefix(s.spec);
  const invocations = poolInvocations(first, output?.prefix);
  job.editor = vertexEditor(s.spec, job, invocations, first.container);
  if (invocations.length) {
    const l = await launchedJobFacts(invocations, ctx, { durableMounts: [GCS_FUSE] });
    if (l.workload === 'inference' || l.workload === 'dev') job.workload = l.workload;
    // The machine spec says the hardware; a linked script or config only fills gaps.
    applyLaunchedFacts(job, l);
  }
  job.checkpoint = withOutputDirectory(job.checkpoint, output);
  longRunWithoutOutput(job);
  return job;
}

function hardwareOf(pools: WorkerPool[]): HardwareRequest {
  const hw: HardwareRequest = {};
  const first = pools[0];
  const ms = first.machineSpec;
  const typeNode = field(ms, 'machineType');
  const accNode = field(ms, 'acceleratorType');
  const countNode = field(ms, 'acceleratorCount');
  const type = typeNode?.str();
  const acc = accNode?.str();
  const kind = type ? machineKind(type) : undefined;
  const accGpu = acc ? acceleratorGpu(acc) : undefined;
  // An n1 host with attached GPUs is priced by its GPUs: the catalog's n1 row is the bare CPU machine.
  if (type && typeNode && !(kind?.kind === 'general' && accGpu)) hw.instanceType = fromFile(type, typeNode.range(), 'machineType');
  const count = countNode?.num();
  if (accGpu && accNode) {
    hw.gpu = fromFile(accGpu, accNode.range(), 'acceleratorType');
    if (count !== undefined && countNode) hw.gpuCount = fromFile(count, countNode.range(), 'acceleratorCount');
    else hw.gpuCount = byDefault(1, 'Vertex attaches one accelerator unless acceleratorCount says more', accNode.range());
  } else if (kind?.kind === 'gpu' && typeNode) {
    hw.gpu = fromFile(kind.gpu, typeNode.range(), 'machineType');
    if (kind.count !== undefined) hw.gpuCount = fromFile(kind.count, typeNode.range(), 'machineType');
  } else if (acc && isTpu(acc)) {
    // TPUs: an accelerator, priced by the catalog where it knows the type; not a CPU-only job.
  } else if (acc && /\$|\{/.test(acc)) {
    hw.unresolved = true;
  } else if (kind?.kind === 'general' && !acc) {
    hw.cpuOnly = true;
  }
  // Workers running at once: the pools on the same kind of machine as the first (a reduction
  // server or parameter-server pool on CPUs adds no GPUs).
  const same = pools.filter((p) => p === first || sameMachine(p, first));
  const total = same.reduce((n, p) => n + (field(p.node, 'replicaCount')?.num() ?? 1), 0);
  const rc = field(first.node, 'replicaCount');
  if (rc?.num() !== undefined) hw.nodes = fromFile(total, rc.range(), 'replicaCount');
  else hw.nodes = byDefault(total, 'a Vertex worker pool runs one replica unless replicaCount says more', field(first.node, 'machineSpec')?.keyRange());
  return hw;
}

function sameMachine(a: WorkerPool, b: WorkerPool): boolean {
  const t = (p: WorkerPool, k: string) => field(p.machineSpec, k)?.str() ?? '';
  return t(a, 'machineType') === t(b, 'machineType') && t(a, 'acceleratorType') === t(b, 'acceleratorType');
}

/** `baseOutputDirectory.outputUriPrefix`: Vertex hands AIP_MODEL_DIR/AIP_CHECKPOINT_DIR under it. */
function outputPrefix(spec: YamlNode): OutputDir | undefined {
  const n = field(field(spec, 'baseOutputDirectory'), 'outputUriPrefix');
  const prefix = n?.str()?.trim();
  return n && prefix ? { prefix: prefix.replace(/\/+$/, ''), range: n.range(), key: 'outputUriPrefix' } : undefined;
}

/** The environment Vertex sets from baseOutputDirectory, plus the container's literal env. */
function envOf(pool: WorkerPool, prefix: string | undefined): Map<string, string> {
  const env = outputEnv(prefix);
  for (const e of field(pool.container, 'env')?.items() ?? []) {
    const name = e.get('name')?.str();
    const value = e.get('value')?.str();
    if (name && value !== undefined && value.trim() !== '') env.set(name, value);
  }
  return env;
}

type ArgvItem = { text: string; range: Range };

/** Argv words; `$(VAR)` (the Kubernetes-style reference Vertex containers also use) read as `${VAR}`. */
function listItems(n: YamlNode | undefined): ArgvItem[] {
  const items = n?.isSeq ? n.items().filter((i) => i.isScalar) : n?.isScalar ? [n] : [];
  return items.map((i) => ({ text: (i.str() ?? '').replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, '${$1}'), range: i.valueRange() }));
}

/**
 * What the first pool runs: `command` + `args`, or `python -m <pythonModule> <args>`. Args alone
 * go to the image's entrypoint, an unknown program: read as a script's flags with no script named.
 */
function poolInvocations(pool: WorkerPool, prefix: string | undefined): Invocation[] {
  const env = envOf(pool, prefix);
  if (pool.container) {
    const script = shellScript(pool.container);
    if (script !== undefined) return script ? shellInvocations(script, env) : [];
    const command = listItems(field(pool.container, 'command'));
    const args = listItems(field(pool.container, 'args'));
    if (command.length) return parseArgv([...command, ...args], { env });
    if (!args.length) return [];
    const at = args[0].range;
    const invs = parseArgv([{ text: 'python', range: at }, { text: 'entrypoint.py', range: at }, ...args], { env });
    for (const i of invs) {
      delete i.script;
      delete i.scriptRange;
    }
    return invs;
  }
  const moduleNode = field(pool.pythonPackage, 'pythonModule');
  const module = moduleNode?.str();
  if (!moduleNode || !module) return [];
  const r = moduleNode.valueRange();
  return parseArgv([{ text: 'python', range: r }, { text: '-m', range: r }, { text: module, range: r }, ...listItems(field(pool.pythonPackage, 'args'))], { env });
}

const SHELLS = /(^|\/)(sh|bash|zsh|dash|ash)$/;

/**
 * `command: [bash, -lc]` + `args: ["<script>"]` (or all in `command`): the script node, read by the
 * shell parser as Kubernetes containers' are; null for a shell with no script, undefined for no shell.
 */
function shellScript(container: YamlNode): YamlNode | null | undefined {
  const nodes = (n: YamlNode | undefined) => (n?.isSeq ? n.items().filter((i) => i.isScalar) : n?.isScalar ? [n] : []);
  const argv = [...nodes(field(container, 'command')), ...nodes(field(container, 'args'))];
  if (!argv.length || !SHELLS.test(argv[0].str() ?? '')) return undefined;
  const flag = argv.findIndex((a, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(a.str() ?? ''));
  return (flag > 0 ? argv[flag + 1] : undefined) ?? null;
}
