// `#SBATCH` directives of a SLURM batch script: the machine request (GPUs per node, nodes, GPU
// type) and the time limit, each fact sourced on its directive line. sbatch reads directives only
// before the first command (any non-comment, non-blank line); so does this module.
// Option forms per the sbatch manual: `--opt=value`, `--opt value`, `-N 2`, `-N2`.

import { fromFile } from '../../facts';
import { normaliseGpuName } from '../../cost/gpus';
import type { LineIndex } from '../../formats/lineIndex';
import type { Fact, HardwareRequest, Range } from '../../types';

export interface SlurmRequest {
  hardware: HardwareRequest;
  /** `--time`: the job's wall-clock limit in hours (absent when unlimited or not stated). */
  hours?: Fact<number>;
}

/** One directive option: its name (long form, without dashes), value, and the directive's line. */
interface Directive {
  name: string;
  value?: string;
  range: Range;
}

/** Short options sbatch knows that matter here, by their long names. */
const SHORT: Record<string, string> = { N: 'nodes', t: 'time', G: 'gpus', n: 'ntasks', C: 'constraint', p: 'partition' };
/** Options that take no value: `--exclusive` must not swallow the next word. */
const SWITCHES = new Set(['exclusive', 'requeue', 'no-requeue', 'overcommit', 'contiguous', 'hold', 'wait', 'parsable', 'test-only', 'verbose', 'quiet', 'spread-job', 'use-min-nodes', 'ignore-pbs', 'oversubscribe', 'x11']);

/** The `#SBATCH` directives before the first command, in order; empty for any other script. */
export function slurmDirectives(text: string, lines: LineIndex): Directive[] {
  const out: Directive[] = [];
  let offset = 0;
  while (offset < text.length) {
    const nl = text.indexOf('\n', offset);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(offset, end).replace(/\r$/, '');
    const trimmed = line.trim();
    if (trimmed && !trimmed.startsWith('#')) break; // the first command: sbatch stops reading directives
    const m = /^#SBATCH\s+(.*)$/.exec(line);
    if (m) out.push(...parseDirective(m[1], lines.range(offset, offset + line.length)));
    offset = end + 1;
  }
  return out;
}

function parseDirective(body: string, range: Range): Directive[] {
  // A ` # note` after the options is a comment (as sbatch reads it); quotes are dropped.
  const words = body.replace(/\s#.*$/, '').trim().split(/\s+/).filter(Boolean).map((w) => w.replace(/^(["'])(.*)\1$/, '$2'));
  const out: Directive[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    let name: string | undefined;
    let value: string | undefined;
    const long = /^--([A-Za-z][\w-]*)(?:=(.*))?$/.exec(w);
    const short = /^-([A-Za-z])(.*)$/.exec(w);
    if (long) {
      name = long[1].toLowerCase();
      value = long[2];
    } else if (short) {
      name = SHORT[short[1]] ?? short[1];
      value = short[2] || undefined;
    } else continue;
    if (value === undefined && !SWITCHES.has(name) && words[i + 1] !== undefined && !words[i + 1].startsWith('-')) value = words[++i];
    out.push({ name, value, range });
  }
  return out;
}

/** What a SLURM script's directives request; undefined when it has none (not a batch script). */
export function slurmRequest(text: string, lines: LineIndex): SlurmRequest | undefined {
  if (!text.includes('#SBATCH')) return undefined;
  const dirs = slurmDirectives(text, lines);
  if (!dirs.length) return undefined;
  // A later directive of the same option wins, as on sbatch's command line.
  const opt = new Map<string, Directive>();
  for (const d of dirs) opt.set(d.name, d);
  const hw: HardwareRequest = {};

  const nodesOpt = opt.get('nodes');
  const nodes = nodesOpt?.value ? parseNodes(nodesOpt.value) : undefined;
  if (nodes && nodesOpt) hw.nodes = fromFile(nodes.min, nodesOpt.range, nodes.range ? `#SBATCH --nodes=${nodesOpt.value} (a range: the minimum, ${nodes.min})` : '#SBATCH --nodes');
  const nodeCount = nodes?.min ?? 1;

  const gpus = gpuRequest(opt, nodeCount);
  if (gpus) {
    hw.gpuCount = fromFile(gpus.perNode, gpus.range, gpus.key);
    if (gpus.type) hw.gpu = fromFile(gpus.type, gpus.range, gpus.key);
  }
  const constraint = opt.get('constraint');
  if (!hw.gpu && constraint?.value) {
    const types = constraintGpus(constraint.value);
    if (types.length) {
      hw.gpu = fromFile(types[0], constraint.range, '#SBATCH --constraint');
      if (types.length > 1) hw.alternatives = types.slice(1).map((t) => fromFile(t, constraint.range, '#SBATCH --constraint'));
    }
  }
  // The scheduler is the cluster's own: the estimate prices its GPUs at cloud list prices, said so.
  hw.cluster = fromFile('SLURM', dirs[0].range, '#SBATCH');

  const time = opt.get('time');
  const h = time?.value ? slurmTimeHours(time.value) : undefined;
  return { hardware: hw, ...(h !== undefined && time && { hours: fromFile(h, time.range, '#SBATCH --time') }) };
}

/** `4`, `2-4` (min-max: the job may start on the minimum), `2,4` (a list of allowed counts). */
function parseNodes(v: string): { min: number; range: boolean } | undefined {
  const m = /^(\d+)(?:[-,:](\d+))*$/.exec(v.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return n > 0 ? { min: n, range: /[-,:]/.test(v) } : undefined;
}

interface GpuAsk {
  perNode: number;
  type?: string;
  range: Range;
  key: string;
}

/** GPUs per node from `--gres`, `--gpus-per-node`, `--gpus` (a total), `--gpus-per-task` × tasks per node. */
function gpuRequest(opt: Map<string, Directive>, nodes: number): GpuAsk | undefined {
  const gres = opt.get('gres');
  if (gres?.value) {
    // `gpu`, `gpu:4`, `gpu:a100:4`, `gpu:a100`, several comma-separated resources.
    for (const part of gres.value.split(',')) {
      const m = /^gpu(?::([A-Za-z][\w.-]*))?(?::(\d+))?(?:\(.*\))?$/i.exec(part.trim());
      if (m) return { perNode: Number(m[2] ?? 1), ...typed(m[1]), range: gres.range, key: '#SBATCH --gres' };
    }
  }
  const perNode = opt.get('gpus-per-node');
  const p = perNode?.value ? typedCount(perNode.value) : undefined;
  if (p && perNode) return { perNode: p.count, ...typed(p.type), range: perNode.range, key: '#SBATCH --gpus-per-node' };
  const total = opt.get('gpus');
  const t = total?.value ? typedCount(total.value) : undefined;
  if (t && total) {
    const per = Math.ceil(t.count / nodes);
    return { perNode: per, ...typed(t.type), range: total.range, key: nodes > 1 ? `#SBATCH --gpus (${t.count} over ${nodes} nodes)` : '#SBATCH --gpus' };
  }
  const perTask = opt.get('gpus-per-task');
  const g = perTask?.value ? typedCount(perTask.value) : undefined;
  if (g && perTask) {
    const tpn = Number(opt.get('ntasks-per-node')?.value);
    const ntasks = Number(opt.get('ntasks')?.value);
    const tasks = tpn > 0 ? tpn : ntasks > 0 ? Math.ceil(ntasks / nodes) : 1;
    return { perNode: g.count * tasks, ...typed(g.type), range: perTask.range, key: tasks > 1 ? `#SBATCH --gpus-per-task × ${tasks} tasks per node` : '#SBATCH --gpus-per-task' };
  }
  return undefined;
}

/** `[type:]count`. */
function typedCount(v: string): { type?: string; count: number } | undefined {
  const m = /^(?:([A-Za-z][\w.-]*):)?(\d+)$/.exec(v.trim());
  return m && Number(m[2]) > 0 ? { type: m[1], count: Number(m[2]) } : undefined;
}

/** A gres/gpus type the GPU table knows (`a100`, `h100`, `a100-80gb`, `tesla_v100`); else none. */
function typed(raw: string | undefined): { type?: string } {
  const gpu = raw ? normaliseGpuName(raw) : undefined;
  return gpu ? { type: gpu } : {};
}

/** GPU types among a `--constraint` feature expression (`a100`, `h100|a100`, `[a100-80gb&ib]`). */
function constraintGpus(expr: string): string[] {
  const out: string[] = [];
  for (const f of expr.split(/[&|,[\]()*\s]+/)) {
    const g = f ? normaliseGpuName(f) : undefined;
    if (g && !out.includes(g)) out.push(g);
  }
  return out;
}

/**
 * `--time` in hours, every format sbatch accepts: `MM`, `MM:SS`, `HH:MM:SS`, `D-HH`, `D-HH:MM`,
 * `D-HH:MM:SS`. `UNLIMITED`/`INFINITE` (and 0 or anything unreadable) set no limit: undefined.
 */
export function slurmTimeHours(raw: string): number | undefined {
  const v = raw.trim();
  let d = 0;
  let h = 0;
  let m = 0;
  let s = 0;
  const days = /^(\d+)-(\d+)(?::(\d+))?(?::(\d+))?$/.exec(v);
  if (days) {
    [d, h, m, s] = [days[1], days[2], days[3] ?? '0', days[4] ?? '0'].map(Number);
  } else if (/^\d+(:\d+){0,2}$/.test(v)) {
    const p = v.split(':').map(Number);
    if (p.length === 1) m = p[0];
    else if (p.length === 2) [m, s] = p;
    else [h, m, s] = p;
  } else return undefined;
  const hours = d * 24 + h + m / 60 + s / 3600;
  return hours > 0 ? hours : undefined;
}
