import type { Dialect } from '../dialect';
import { byDefault, fromFile } from '../facts';
import type { YamlNode } from '../formats/yaml';
import type { AnalysisContext, BatchFacts, Fact, HardwareRequest, Job, LinkedFile, Offload, PrecisionMode } from '../types';
import { commentedKeyRange } from './lightning/commentedKey';
import { accelerateEditor } from './accelerate/editor';

// Keys `accelerate config` writes. compute_environment or distributed_type plus one more = ours.
const ACCELERATE_KEYS = new Set([
  'compute_environment', 'distributed_type', 'mixed_precision', 'num_processes', 'num_machines', 'machine_rank',
  'main_training_function', 'deepspeed_config', 'fsdp_config', 'megatron_lm_config', 'dynamo_config',
  'use_cpu', 'downcast_bf16', 'gpu_ids', 'same_network', 'rdzv_backend', 'main_process_ip', 'main_process_port',
  'tpu_env', 'tpu_use_cluster', 'tpu_use_sudo', 'tpu_name', 'tpu_zone', 'debug', 'enable_cpu_affinity',
  'ipex_config', 'mpirun_config', 'ec2_instance_type', 'num_cpu_threads_per_process',
]);

const FP32_DEFAULT = "accelerate launch defaults to mixed_precision='no' (fp32) unless the script or command line overrides";

const MIXED: Record<string, PrecisionMode> = { bf16: 'bf16', fp16: 'fp16', fp8: 'fp8', no: 'fp32', false: 'fp32' };

/** `accelerate config` YAML (default_config.yaml, multi_gpu.yaml, deepspeed_zero3.yaml, fsdp.yaml). */
export const accelerateDialect: Dialect = {
  id: 'accelerate',
  formats: ['yaml'],
  async detect(doc, ctx) {
    if (doc.format !== 'yaml') return [];
    const root = doc.docs[0];
    if (doc.docs.length !== 1 || !root?.isMap) return [];
    const keys = root.entries().map((e) => e.keyName ?? '');
    const kind = root.get('compute_environment')?.str() ?? root.get('distributed_type')?.str();
    if (!kind || keys.filter((k) => ACCELERATE_KEYS.has(k)).length < 2) return [];
    const job: Job = {
      dialect: 'accelerate',
      name: 'Accelerate config',
      workload: 'training',
      anchor: doc.lines.lineRange(0),
      datasets: [],
      linkedFiles: [],
    };
    const linked = await linkedDeepSpeed(root, ctx);
    if (linked) job.linkedFiles.push(linked.file.path);
    const precision = precisionOf(root, linked);
    if (precision) job.precision = precision;
    const hw = hardwareOf(root);
    if (hw) job.hardware = hw;
    const batch = batchOf(root, linked);
    if (batch) job.batch = batch;
    job.editor = accelerateEditor(root, job);
    return [job];
  },
};

interface LinkedDeepSpeed {
  file: LinkedFile;
  job: Job;
  /** The `deepspeed_config_file:` entry in this file. */
  ref: YamlNode;
}

/**
 * The DeepSpeed JSON named by `deepspeed_config.deepspeed_config_file`. Launched from the repository
 * root, the path is often relative to it rather than to this file: ancestors are tried too.
 */
async function linkedDeepSpeed(root: YamlNode, ctx: AnalysisContext): Promise<LinkedDeepSpeed | undefined> {
  const ref = root.get('deepspeed_config', 'deepspeed_config_file');
  const path = ref?.str()?.trim();
  if (!ref || !path || path === 'none' || path.includes('${')) return undefined;
  const candidates = [path];
  if (!path.startsWith('/')) {
    const depth = ctx.path.split(/[\\/]/).length - 2;
    for (let up = 1; up <= Math.min(depth, 6); up++) candidates.push('../'.repeat(up) + path.replace(/^\.\//, ''));
  }
  for (const c of candidates) {
    const file = await ctx.linked(c);
    const job = file?.jobs.find((j) => j.dialect === 'deepspeed');
    if (file && job) return { file, job, ref };
  }
  return undefined;
}

/**
 * With a DeepSpeed config file, accelerate ignores its own mixed_precision and takes the JSON's;
 * only a JSON `"auto"` is filled from mixed_precision. Without a file, mixed_precision decides.
 */
function precisionOf(root: YamlNode, linked: LinkedDeepSpeed | undefined): Fact<PrecisionMode> | undefined {
  const local = mixedPrecision(root);
  const dsFile = root.get('deepspeed_config', 'deepspeed_config_file');
  if (linked) {
    const p = linked.job.precision;
    if (p?.value === 'dynamic') return local ?? p;
    if (p?.source.kind === 'default') {
      // The JSON's own default has no place in this file: point at the line that names the JSON.
      return byDefault(p.value, `${p.source.reason} (${linked.file.path})`, linked.ref.range());
    }
    return p;
  }
  // The JSON exists but we cannot read it: its precision is unknown, not fp32.
  if (dsFile?.str() && dsFile.str() !== 'none') return local && local.value !== 'fp32' ? local : undefined;
  return local ?? byDefault('fp32', FP32_DEFAULT, commentedKeyRange(root.src.lines, ['mixed_precision']));
}

function mixedPrecision(root: YamlNode): Fact<PrecisionMode> | undefined {
  for (const node of [root.get('mixed_precision'), root.get('deepspeed_config', 'mixed_precision')]) {
    const v = node?.value();
    if (!node || v === null || v === undefined) continue;
    const mode = MIXED[String(v).trim().toLowerCase()];
    if (mode) return fromFile(mode, node.range(), 'mixed_precision');
  }
  return undefined;
}

/**
 * Sharding and offload: the linked DeepSpeed JSON's (it wins, as accelerate hands it over), else
 * `deepspeed_config.zero_stage` / `offload_optimizer_device` / `offload_param_device` ("cpu",
 * "nvme" or "none"), or FSDP's FULL_SHARD (counted as ZeRO-3).
 */
function batchOf(root: YamlNode, linked: LinkedDeepSpeed | undefined): BatchFacts | undefined {
  if (linked?.job.batch?.zeroStage || linked?.job.batch?.offload) return { ...linked.job.batch };
  const b: BatchFacts = {};
  const stage = root.get('deepspeed_config', 'zero_stage');
  const sv = stage?.num();
  if (stage && sv !== undefined && [0, 1, 2, 3].includes(sv)) b.zeroStage = fromFile(sv, stage.range(), 'deepspeed_config.zero_stage');
  const device = (k: string) => {
    const n = root.get('deepspeed_config', k);
    return n && /^(cpu|nvme)$/i.test(n.str()?.trim() ?? '') ? n : undefined;
  };
  const opt = device('offload_optimizer_device');
  const param = device('offload_param_device');
  if (opt) b.offload = fromFile<Offload>(param ? 'optimizer+parameters' : 'optimizer', (param ?? opt).range(), `deepspeed_config.${param ? 'offload_param_device' : 'offload_optimizer_device'}`);
  const strategy = root.get('fsdp_config', 'fsdp_sharding_strategy');
  const st = String(strategy?.value() ?? '').toUpperCase();
  if (!b.zeroStage && strategy && (st === 'FULL_SHARD' || st === '1' || st === 'HYBRID_SHARD')) b.zeroStage = fromFile(3, strategy.range(), 'fsdp_config.fsdp_sharding_strategy');
  return Object.keys(b).length ? b : undefined;
}

/** num_processes counts processes on all machines together: GPUs per node = processes / machines. */
function hardwareOf(root: YamlNode): HardwareRequest | undefined {
  const hw: HardwareRequest = {};
  const type = root.get('distributed_type')?.str()?.toUpperCase() ?? '';
  const machines = root.get('num_machines');
  const m = machines?.num();
  if (machines && m && m > 0) hw.nodes = fromFile(m, machines.range(), 'num_machines');
  const instance = root.get('ec2_instance_type');
  const it = instance?.str();
  if (instance && it) hw.instanceType = fromFile(it, instance.range(), 'ec2_instance_type');
  if (root.get('use_cpu')?.bool() === true || type === 'MULTI_CPU') hw.cpuOnly = true;
  else if (type !== 'TPU' && type !== 'XLA') {
    const procs = root.get('num_processes');
    const p = procs?.num();
    if (procs && p && p > 0) {
      const perNode = Math.max(1, Math.floor(p / (m && m > 0 ? m : 1)));
      hw.gpuCount = fromFile(perNode, procs.range(), 'num_processes');
    }
  }
  return Object.keys(hw).length ? hw : undefined;
}
