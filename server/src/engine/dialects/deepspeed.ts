import type { Dialect } from '../dialect';
import { byDefault, fromFile } from '../facts';
import type { JsonNode } from '../formats/json';
import type { BatchFacts, Fact, Job, Offload, PrecisionMode } from '../types';
import { deepspeedEditor } from './deepspeed/editor';

// Keys of DeepSpeed's config schema. Two of them, one a batch/ZeRO key, keep us off random JSON.
const CORE_KEYS = ['zero_optimization', 'train_micro_batch_size_per_gpu', 'train_batch_size'];
const DS_KEYS = new Set([
  ...CORE_KEYS, 'gradient_accumulation_steps', 'optimizer', 'scheduler', 'fp16', 'bf16', 'bfloat16', 'amp',
  'torch_autocast', 'gradient_clipping', 'zero_allow_untested_optimizer', 'zero_force_ds_cpu_optimizer',
  'steps_per_print', 'wall_clock_breakdown', 'activation_checkpointing', 'flops_profiler', 'prescale_gradients',
  'gradient_predivide_factor', 'communication_data_type', 'data_efficiency', 'tensorboard', 'wandb',
  'elasticity', 'compression_training', 'aio', 'sparse_attention', 'dump_state', 'memory_breakdown',
]);

const FP32_DEFAULT = 'DeepSpeed trains in fp32 unless an fp16 or bf16 section enables it';

/** DeepSpeed config JSON (`ds_config.json`, `zero_stage3.json`). Saving checkpoints happens in code. */
export const deepspeedDialect: Dialect = {
  id: 'deepspeed',
  formats: ['json'],
  detect(doc) {
    if (doc.format !== 'json' || doc.root?.type !== 'object') return [];
    const root = doc.root;
    const keys = root.entries().map((e) => e.keyName ?? '');
    if (!keys.some((k) => CORE_KEYS.includes(k)) || keys.filter((k) => DS_KEYS.has(k)).length < 2) return [];
    const job: Job = {
      dialect: 'deepspeed',
      name: 'DeepSpeed config',
      workload: 'training',
      anchor: doc.lines.lineRange(0),
      precision: precisionOf(root),
      datasets: [],
      linkedFiles: [],
    };
    const batch = batchOf(root);
    if (batch) job.batch = batch;
    job.editor = deepspeedEditor(root, job);
    return [job];
  },
};

/** fp16/bf16/amp sections: enabled true wins, then "auto" (filled from TrainingArguments), else fp32. */
function precisionOf(root: JsonNode): Fact<PrecisionMode> {
  const sections: { key: string; mode: PrecisionMode }[] = [
    { key: 'bf16', mode: 'bf16' },
    { key: 'bfloat16', mode: 'bf16' }, // older alias of "bf16"
    { key: 'fp16', mode: 'fp16' },
    { key: 'amp', mode: 'fp16' }, // NVIDIA apex AMP: fp16 mixed precision
  ];
  const present = sections.map((s) => ({ ...s, node: root.get(s.key) })).filter((s) => s.node?.type === 'object');
  const enabled = (s: (typeof present)[number]) => s.node!.get('enabled');
  for (const s of present) {
    const e = enabled(s);
    if (e?.bool() === true) return fromFile(s.mode, e.range(), `${s.key}.enabled`);
  }
  for (const s of present) {
    const e = enabled(s);
    if (e?.str()?.toLowerCase() === 'auto') return fromFile('dynamic', e.range(), `${s.key}.enabled`);
  }
  const autocast = torchAutocast(root);
  if (autocast) return autocast;
  if (present.length) {
    // A section that is there but off (or without "enabled", which defaults to false).
    const s = present[0];
    const e = enabled(s);
    return e ? fromFile('fp32', e.range(), `${s.key}.enabled`) : fromFile('fp32', s.node!.range(), s.key);
  }
  return byDefault('fp32', FP32_DEFAULT);
}

/** Newer DeepSpeed: `"torch_autocast": {"enabled": true, "dtype": "bfloat16"}`. */
function torchAutocast(root: JsonNode): Fact<PrecisionMode> | undefined {
  const e = root.get('torch_autocast', 'enabled');
  if (e?.bool() !== true) return undefined;
  const dtype = root.get('torch_autocast', 'dtype')?.str() ?? 'bfloat16';
  const mode: PrecisionMode = /bfloat16|bf16/.test(dtype) ? 'bf16' : /float16|fp16|half/.test(dtype) ? 'fp16' : 'dynamic';
  return fromFile(mode, e.range(), 'torch_autocast.enabled');
}

/**
 * ZeRO-Offload: `offload_optimizer.device` / `offload_param.device` of "cpu" or "nvme" (ZeRO-2/3),
 * or the older `cpu_offload: true` (ZeRO-2). "none" or absent keeps everything on the GPU.
 */
function offloadOf(root: JsonNode): Fact<Offload> | undefined {
  const device = (k: string) => {
    const n = root.get('zero_optimization', k, 'device');
    const v = n?.value();
    return n && typeof v === 'string' && /^(cpu|nvme)$/i.test(v) ? n : undefined;
  };
  const opt = device('offload_optimizer');
  const legacy = root.get('zero_optimization', 'cpu_offload');
  const optimizer = opt ?? (legacy?.value() === true ? legacy : undefined);
  if (!optimizer) return undefined;
  const param = device('offload_param');
  const key = param ? 'zero_optimization.offload_param.device' : opt ? 'zero_optimization.offload_optimizer.device' : 'zero_optimization.cpu_offload';
  return fromFile<Offload>(param ? 'optimizer+parameters' : 'optimizer', (param ?? optimizer).range(), key);
}

/** Numbers only: "auto" is resolved from TrainingArguments at run time. */
function batchOf(root: JsonNode): BatchFacts | undefined {
  const b: BatchFacts = {};
  const num = (k: string): Fact<number> | undefined => {
    const n = root.get(k);
    const v = n?.value();
    return n && typeof v === 'number' && v > 0 ? fromFile(v, n.range(), k) : undefined;
  };
  const per = num('train_micro_batch_size_per_gpu');
  const ga = num('gradient_accumulation_steps');
  if (per) b.perDevice = per;
  if (ga) b.gradientAccumulation = ga;
  const stage = root.get('zero_optimization', 'stage');
  const sv = stage?.value();
  if (stage && typeof sv === 'number' && [0, 1, 2, 3].includes(sv)) b.zeroStage = fromFile(sv, stage.range(), 'zero_optimization.stage');
  const offload = offloadOf(root);
  if (offload) b.offload = offload;
  return Object.keys(b).length ? b : undefined;
}
