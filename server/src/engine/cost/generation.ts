// Wall time of a bounded inference job: load the weights, read the prompts (prefill, compute-bound),
// generate the answers (decode, memory-bound: every step reads all the weights once, shared by the
// prompts of a batch), and write new weights when the job makes them (quantize, merge). KV-cache
// reads and the tokenizer are left out: small beside the weights at the batch sizes such jobs use.
import type { GenerationFacts, PrecisionMode } from '../types';
import type { Assumption } from './estimateTypes';
import type { GpuSpec } from './gpus';

/** Local NVMe rate: saving 4.26 GB took 5.3 s (mlcost H100 calibration, 2026-11-23, checkpoint cost). */
export const WEIGHTS_IO_GBS = 4.26 / 5.3;
const IO_SOURCE = 'mlcost H100 calibration, 2026-11-23: torch.save of 4.26 GB to local NVMe took 5.3 s (0.8 GB/s; reads taken as no faster)';
/**
 * Share of the datasheet memory bandwidth a decode step reaches (model bandwidth utilisation).
 * Serving engines (vLLM, TensorRT-LLM) run at about 0.6-0.85; the eager `generate` loops of training
 * libraries pay per-token Python and kernel-launch overhead, so 0.5 is assumed.
 */
export const DECODE_MBU = 0.5;
/** Prefill is a forward pass over known tokens; the H100 calibration's batch-8 bf16 training MFU was 0.24-0.36 (124M-774M). */
export const PREFILL_MFU = 0.35;

export interface GenerationTime {
  hours: number;
  assumptions: Assumption[];
}

const fmt = (n: number) => (n >= 1e6 ? n.toExponential(2).replace('e+', 'e') : Math.round(n).toLocaleString('en-US'));

function bytesPerParameter(precision: PrecisionMode | undefined, quantized4: boolean): { bytes: number; why: string } {
  if (quantized4) return { bytes: 0.5, why: '4-bit weights' };
  if (precision === 'fp32') return { bytes: 4, why: 'fp32 weights' };
  if (precision === 'fp8') return { bytes: 1, why: 'fp8 weights' };
  return { bytes: 2, why: precision === 'fp16' ? 'fp16 weights' : 'bf16 weights (16-bit unless stated)' };
}

/** `undefined` when the file does not say how many prompts the job answers (and it writes no weights). */
export function generationTime(g: GenerationFacts, parameters: number, spec: GpuSpec, gpus: number, precision: PrecisionMode | undefined, quantized4: boolean): GenerationTime | undefined {
  const prompts = g.prompts?.value ?? 0;
  if (!g.prompts && !g.writesWeights?.value) return undefined;
  const assumptions: Assumption[] = [];
  const w = bytesPerParameter(precision, quantized4);
  const weightsGB = (parameters * w.bytes) / 1e9;
  const io = WEIGHTS_IO_GBS;
  let seconds = weightsGB / io;
  assumptions.push({ name: 'load weights', value: `${weightsGB.toFixed(1)} GB (${w.why}) at ${io.toFixed(1)} GB/s: ${Math.round(weightsGB / io)} s`, source: { kind: 'calibration', detail: IO_SOURCE } });
  if (g.writesWeights?.value) {
    seconds += weightsGB / io;
    assumptions.push({ name: 'write weights', value: `${weightsGB.toFixed(1)} GB at ${io.toFixed(1)} GB/s`, source: g.writesWeights.source });
  }
  if (prompts > 0) {
    // A model too big for one GPU is split across several (tensor parallel): fewer copies, each step faster.
    const shards = Math.min(Math.max(1, gpus), Math.max(1, Math.ceil((weightsGB * 1.2) / (spec.memoryGiB * 1.0737))));
    const replicas = Math.max(1, Math.floor(Math.max(1, gpus) / shards));
    const batch = Math.max(1, g.batch?.value ?? 1);
    assumptions.push({ name: 'prompts', value: fmt(prompts), source: g.prompts!.source });
    if (g.batch) assumptions.push({ name: 'batch per GPU', value: String(batch), source: g.batch.source });
    const promptTokens = g.promptTokens?.value ?? 0;
    if (g.promptTokens && promptTokens > 0) {
      const peak = (spec.peakTflops.bf16 ?? spec.peakTflops.fp16) * 1e12;
      const prefill = (2 * parameters * prompts * promptTokens) / (replicas * peak * PREFILL_MFU);
      seconds += prefill;
      assumptions.push({ name: 'prefill', value: `2·N × ${fmt(prompts)} prompts × ≤${promptTokens} tokens at ${PREFILL_MFU} of ${spec.name} peak: ${Math.round(prefill)} s (an upper bound: prompts as long as the cutoff)`, source: g.promptTokens.source });
    }
    const newTokens = g.newTokens?.value ?? 0;
    if (g.newTokens && newTokens > 0) {
      const steps = Math.ceil(prompts / (batch * replicas)) * newTokens;
      const stepSeconds = weightsGB / shards / (spec.bandwidthGBs * DECODE_MBU);
      seconds += steps * stepSeconds;
      assumptions.push({ name: 'new tokens per prompt', value: String(newTokens), source: g.newTokens.source });
      assumptions.push({
        name: 'decode',
        value: `${fmt(steps)} steps × ${(stepSeconds * 1000).toFixed(1)} ms (the weights read once per step: ${weightsGB.toFixed(1)} GB${shards > 1 ? ` over ${shards} GPUs` : ''} / (${spec.bandwidthGBs} GB/s × ${DECODE_MBU})): ${Math.round(steps * stepSeconds)} s`,
        source: { kind: 'default', reason: `decode is memory-bound; ${DECODE_MBU} of the datasheet bandwidth assumed for a library's generate loop (serving engines reach 0.6-0.85); every answer runs to the limit, an upper bound` },
      });
    }
  }
  return { hours: seconds / 3600, assumptions };
}
