// Turns one command's words into an Invocation: strips wrappers (`nohup`, `env X=1`, `mpirun -np
// 8`, `uv run`), understands the launchers (python, torchrun, accelerate launch, deepspeed,
// composer) and the subcommand CLIs (axolotl, tune run, llamafactory-cli, trl, litgpt), and reads
// the flags and the config files the command names.

import type { Range } from '../../types';
import type { Arg, Flag, Invocation } from './types';

export type Built = { invocation: Invocation } | { shell: Arg } | undefined;

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', '}', 'fi', 'done', 'esac', 'time', 'exec', 'command', 'builtin', 'nohup', 'unbuffer']);
const SKIP_COMMANDS = new Set(['for', 'case', 'function', 'select', '[', '[[', 'test']);
const PYTHON = /^python(\d+(\.\d+)?)?$/;
const CONFIG_EXT = /\.(ya?ml|jsonc?)$/i;
/** Flags whose value is a config file the command reads. */
const CONFIG_FLAGS = new Set(['config', 'config_file', 'config_path', 'cfg', 'deepspeed', 'deepspeed_config', 'deepspeed_config_file', 'fsdp_config', 'recipe_config']);
/** Programs that take a config file as a positional argument. */
const LAUNCHERS = new Set(['python', 'torchrun', 'accelerate', 'deepspeed', 'composer', 'axolotl', 'tune', 'llamafactory-cli', 'lmf', 'trl', 'litgpt', 'lightning']);
/** CLIs whose first positional argument is a subcommand. */
const SUBCOMMAND_CLIS = new Set(['axolotl', 'llamafactory-cli', 'lmf', 'trl', 'litgpt', 'vllm', 'sky', 'lmdeploy', 'ollama', 'huggingface-cli', 'accelerate', 'jupyter', 'sglang']);

/**
 * Flags that take no value; they only swallow the next word when it reads as a boolean
 * (`--bf16 True`). Any other flag takes the next word unless it starts with a dash.
 */
const BOOLEAN_FLAGS = new Set([
  'bf16', 'fp16', 'tf32', 'fp8', 'pure_bf16', 'half', 'do_train', 'do_eval', 'do_predict', 'overwrite_output_dir',
  'gradient_checkpointing', 'push_to_hub', 'use_peft', 'load_in_4bit', 'load_in_8bit', 'trust_remote_code', 'packing',
  'streaming', 'debug', 'verbose', 'quiet', 'q', 'v', 'u', 'help', 'h', 'standalone', 'no_python', 'run_path', 'module', 'm',
  'multi_gpu', 'cpu', 'use_deepspeed', 'use_fsdp', 'use_megatron_lm', 'use_xpu', 'tpu', 'no_local_rank', 'force_multi',
  'no_ssh', 'no_ssh_check', 'elastic_training', 'bind_cores_to_rank', 'auto_resume_from_checkpoints', 'resume', 'resume_from_checkpoint',
  'no_browser', 'allow_root', 'allow_run_as_root', 'oversubscribe', 'tag_output', 'report_bindings', 'display_map',
  'fsdp_offload_params', 'ddp_find_unused_parameters', 'remove_unused_columns', 'group_by_length', 'save_only_model',
  'load_best_model_at_end', 'bf16_full_eval', 'fp16_full_eval', 'torch_compile', 'enforce_eager', 'use_lora', 'lora',
  'use_env', 'same_network', 'enable_cpu_affinity', 'dynamo_use_fullgraph', 'dynamo_use_dynamic', 'no_cuda', 'use_cpu',
  'eval_only',
]);
/** A yacs config key as detectron2's `opts` take it: `SOLVER.MAX_ITER`, `OUTPUT_DIR`. */
const YACS_KEY = /^[A-Z][A-Z0-9_]*(\.[A-Z][A-Z0-9_]*)*$/;
const BOOLEAN_WORD = /^(true|false|yes|no|on|off|1|0|none)$/i;

/** Ultralytics' CLI: `yolo [TASK] MODE key=value ...` (no dashes). */
export const YOLO_PROGRAMS = new Set(['yolo', 'ultralytics']);
const YOLO_TASKS = new Set(['detect', 'segment', 'classify', 'pose', 'obb']);
const YOLO_MODES = new Set(['train', 'val', 'predict', 'export', 'track', 'benchmark']);
/** Boolean settings the CLI takes as a bare word (`yolo train resume model=last.pt`). */
const YOLO_SWITCHES = new Set(['resume', 'amp', 'cache', 'save', 'val', 'rect', 'cos_lr', 'exist_ok', 'plots']);

/**
 * Programs whose own parser reads argv strictly as `-x value` pairs, so every flag takes the next
 * word whatever it looks like (`-v 250`, `-x -1`): karpathy/llm.c's trainers (train_gpt2.cu main:
 * `for (int i = 1; i < argc; i+=2)`, each flag one dash and one or two letters).
 */
const PAIRED_FLAG_PROGRAMS = /^(train_gpt2|train_gpt2cu|train_gpt2fp32cu|train_llama3cu)$/;

/** Does `program` take every flag with exactly one value (llm.c's trainers)? */
export function readsFlagPairs(program: string): boolean {
  return PAIRED_FLAG_PROGRAMS.test(program);
}

/** Options of the wrappers that take a value (the rest are switches). */
const MPI_VALUE_OPTS = new Set(['np', 'n', 'c', 'N', 'H', 'host', 'hostfile', 'machinefile', 'x', 'bind_to', 'map_by', 'rank_by', 'npernode', 'ppn', 'wdir', 'hosts', 'f', 'genv', 'env']);
/** srun's options that take a value as the next word (its switches, `-l`, `--overlap`, take none). */
const SRUN_VALUE_OPTS = new Set([
  'n', 'ntasks', 'N', 'nodes', 'c', 'cpus_per_task', 'ntasks_per_node', 'gpus', 'G', 'gpus_per_node', 'gpus_per_task', 'gres', 'mem',
  'w', 'nodelist', 'x', 'exclude', 'o', 'output', 'e', 'error', 'i', 'input', 'J', 'job_name', 'jobid', 'p', 'partition', 'A', 'account',
  'q', 'qos', 't', 'time', 'C', 'constraint', 'D', 'chdir', 'export', 'mpi', 'cpu_bind', 'distribution', 'm', 'W', 'wait', 'network',
  'container_image', 'container_mounts', 'container_workdir', 'container_name', 'container_env', 'het_group', 'ntasks_per_gpu', 'mem_per_gpu', 'mem_per_cpu',
]);
const UV_VALUE_OPTS = new Set(['with', 'python', 'p', 'extra', 'group', 'project', 'directory', 'env_file', 'index', 'name', 'prefix', 'n', 'only_group']);

export function normaliseFlagName(raw: string): string {
  return raw.replace(/^-+/, '').replace(/^\+{1,2}/, '').replace(/-/g, '_');
}

export function basename(p: string): string {
  const parts = p.replace(/\/+$/, '').split('/');
  return parts[parts.length - 1] ?? p;
}

const isFlag = (w: Arg | undefined): boolean => !!w && /^-{1,2}[A-Za-z]/.test(w.text);
const join = (a: Range, b: Range): Range => ({ start: a.start, end: b.end });

/** Builds the invocation of one command (already split into words with their ranges). */
export function buildInvocation(all: Arg[]): Built {
  let i = 0;
  const at = (k: number) => all[k];
  // Shell keywords (`then`, `do`) are not part of the command; `VAR=x` prefixes are.
  while (at(i) && KEYWORDS.has(at(i).text)) i++;
  if (!at(i) || SKIP_COMMANDS.has(at(i).text)) return undefined;
  const first = i;

  // Wrappers that run another command.
  let processes: Flag | undefined;
  for (;;) {
    const w = at(i);
    if (!w) return undefined;
    const name = basename(w.text);
    if (KEYWORDS.has(w.text) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(w.text)) {
      i++;
    } else if (name === 'env') {
      i++;
      while (at(i) && (at(i).text.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(at(i).text))) i += at(i).text === '-u' ? 2 : 1;
    } else if (name === 'nice' || name === 'ionice' || name === 'stdbuf' || name === 'sudo' || name === 'numactl' || name === 'taskset') {
      i++;
      while (at(i) && at(i).text.startsWith('-')) i += /^-[nugcC]$/.test(at(i).text) ? 2 : 1;
      if (name === 'taskset' && at(i)) i++; // the CPU mask
    } else if (name === 'timeout') {
      i++;
      while (at(i) && at(i).text.startsWith('-')) i += /^-[sk]$/.test(at(i).text) ? 2 : 1;
      i++; // the duration
    } else if (['uv', 'poetry', 'pipenv', 'pdm', 'hatch', 'rye', 'conda', 'mamba', 'micromamba'].includes(name) && at(i + 1)?.text === 'run') {
      i = skipOptions(all, i + 2, UV_VALUE_OPTS);
    } else if (name === 'srun') {
      const from = i + 1;
      i = skipOptions(all, from, SRUN_VALUE_OPTS, true);
      processes = processCount(all.slice(from, i)) ?? processes;
    } else if (['mpirun', 'mpiexec', 'orterun', 'horovodrun', 'charliecloud'].includes(name)) {
      const from = i + 1;
      i = skipOptions(all, from, MPI_VALUE_OPTS, true);
      processes = processCount(all.slice(from, i)) ?? processes;
    } else if ((name === 'bash' || name === 'sh' || name === 'zsh') && at(i + 1)) {
      const c = all.findIndex((a, k) => k > i && /^-[a-z]*c[a-z]*$/.test(a.text));
      if (c > i && at(c + 1)) return { shell: at(c + 1) };
      break;
    } else {
      break;
    }
  }
  const head = at(i);
  if (!head) return undefined;
  const inv: Invocation = {
    program: basename(head.text),
    configFiles: [],
    flags: new Map(),
    args: [],
    range: join(all[first].range, all[all.length - 1].range),
    words: all.slice(i),
    ...(processes && { processes }),
  };
  let rest = i + 1;

  if (PYTHON.test(inv.program)) {
    inv.program = 'python';
    rest = readPython(all, rest, inv);
  } else if (inv.program === 'torchrun' || inv.program === 'deepspeed' || inv.program === 'composer') {
    rest = readLauncher(all, rest, inv);
  } else if (inv.program === 'accelerate' && at(rest)?.text === 'launch') {
    rest = readLauncher(all, rest + 1, inv);
  } else if (inv.program === 'tune' && at(rest)?.text === 'run') {
    rest = readLauncher(all, rest + 1, inv); // `tune run [torchrun options] RECIPE --config X`
  } else if (SUBCOMMAND_CLIS.has(inv.program) && at(rest) && !isFlag(at(rest))) {
    inv.script = at(rest).text;
    inv.scriptRange = at(rest).range;
    rest++;
  }
  if (inv.program === 'python' && inv.script && /^torch\.distributed\.(run|launch)$/.test(inv.script)) {
    inv.program = 'torchrun';
    inv.script = inv.scriptRange = undefined;
    rest = readLauncher(all, rest, inv);
  } else if (inv.program === 'python' && inv.script === 'accelerate.commands.launch') {
    inv.program = 'accelerate';
    inv.script = inv.scriptRange = undefined;
    rest = readLauncher(all, rest, inv);
  }
  if (YOLO_PROGRAMS.has(inv.program)) readYolo(all, rest, inv);
  else readArgs(all, rest, inv);
  return { invocation: inv };
}

/**
 * `yolo detect train model=yolo11n.pt data=coco8.yaml epochs=100` or `yolo task=detect mode=train ...`:
 * every setting is a `key=value` flag; the task and mode words are the `task`/`mode` flags too, and
 * the mode is the invocation's subcommand (`script`), as for the other subcommand CLIs.
 */
function readYolo(all: Arg[], i: number, inv: Invocation): void {
  for (; i < all.length; i++) {
    const w = all[i];
    const kv = /^([A-Za-z_]\w*)=(.*)$/s.exec(w.text);
    const set = (name: string, value: string) => inv.flags.set(name, { name, value, range: w.range, valueRange: w.range });
    if (kv) set(kv[1].toLowerCase(), kv[2]);
    else if (YOLO_TASKS.has(w.text)) set('task', w.text);
    else if (YOLO_MODES.has(w.text)) set('mode', w.text);
    else if (YOLO_SWITCHES.has(w.text)) set(w.text, 'True');
    else inv.args.push(w);
  }
  const mode = inv.flags.get('mode');
  if (mode?.value) {
    inv.script = mode.value;
    inv.scriptRange = mode.range;
  }
}

/** An unexpanded bash array (`"${ARGS[@]}"`): in a wrapper's or launcher's options, more options. */
const OPTION_ARRAY = /^\$\{[A-Za-z_]\w*\[[@*]\]\}$/;

/** `-np 8`, `-n 8`, `--np=8`, `--ntasks 16` among an MPI-style wrapper's options. */
function processCount(opts: Arg[]): Flag | undefined {
  for (let k = 0; k < opts.length; k++) {
    const t = opts[k].text;
    const eq = t.indexOf('=');
    const name = normaliseFlagName(eq > 0 ? t.slice(0, eq) : t);
    if (!['np', 'n', 'ntasks'].includes(name) || !/^-{1,2}[a-z]/.test(t)) continue;
    if (eq > 0) return { name, value: t.slice(eq + 1), range: opts[k].range, valueRange: opts[k].range };
    const v = opts[k + 1];
    if (v) return { name, value: v.text, range: join(opts[k].range, v.range), valueRange: v.range };
  }
  return undefined;
}

/** Skips a wrapper's options; `guessValues` = an unknown `-x` takes the next word (mpirun style). */
function skipOptions(all: Arg[], i: number, valueOpts: Set<string>, guessValues = false): number {
  while (all[i] && (all[i].text.startsWith('-') || (OPTION_ARRAY.test(all[i].text) && all[i + 1]))) {
    const t = all[i].text;
    if (!t.startsWith('-')) {
      i++;
      continue;
    }
    const name = normaliseFlagName(t.split('=')[0]);
    if (t.includes('=')) i++;
    else if (name === 'mca' || name === 'gmca') i += 3;
    else if (valueOpts.has(name) || (guessValues && !BOOLEAN_FLAGS.has(name) && all[i + 1] && !all[i + 1].text.startsWith('-') && isNumberLike(all[i + 1].text))) i += 2;
    else i++;
  }
  return i;
}

const isNumberLike = (s: string) => /^[\d$]/.test(s) || /^\$\{?\w+\}?$/.test(s);

/** `python [-u] [-m module | script.py]`: the interpreter's own options are no flags of the job. */
function readPython(all: Arg[], i: number, inv: Invocation): number {
  while (all[i]) {
    const t = all[i].text;
    if (t === '-m' && all[i + 1]) {
      inv.script = all[i + 1].text;
      inv.scriptRange = all[i + 1].range;
      return i + 2;
    }
    if (t === '-c') return all.length; // inline code: nothing to read
    if (t === '-W' || t === '-X') i += 2;
    else if (t.startsWith('-')) i++;
    else break;
  }
  if (all[i]) {
    inv.script = all[i].text;
    inv.scriptRange = all[i].range;
    i++;
  }
  return i;
}

/** A launcher's own options (recorded as flags: `--nproc_per_node 8`), then the script or `-m` module. */
function readLauncher(all: Arg[], i: number, inv: Invocation): number {
  while (all[i + 1] && OPTION_ARRAY.test(all[i].text)) i++;
  while (all[i] && isFlag(all[i])) {
    const w = all[i];
    if ((w.text === '-m' || w.text === '--module') && all[i + 1] && !isFlag(all[i + 1])) {
      inv.script = all[i + 1].text;
      inv.scriptRange = all[i + 1].range;
      return i + 2;
    }
    i = readFlag(all, i, inv);
  }
  if (all[i]) {
    const script = all[i].text;
    inv.script = PYTHON.test(basename(script)) ? undefined : script; // `--no_python python train.py`
    inv.scriptRange = all[i].range;
    i++;
    if (!inv.script) return readPython(all, i, inv);
  }
  return i;
}

/** Reads one flag at `i` into `inv.flags`; returns the index after it (and its value). */
function readFlag(all: Arg[], i: number, inv: Invocation): number {
  const w = all[i];
  const eq = w.text.indexOf('=');
  const paired = readsFlagPairs(inv.program);
  const name = normaliseFlagName(eq > 0 && !paired ? w.text.slice(0, eq) : w.text);
  let flag: Flag;
  let next = i + 1;
  if (paired) {
    const v = all[i + 1];
    flag = v ? { name, value: v.text, range: join(w.range, v.range), valueRange: v.range } : { name, range: w.range };
    next = v ? i + 2 : i + 1;
  } else if (eq > 0) {
    flag = { name, value: w.text.slice(eq + 1), range: w.range, valueRange: w.range };
  } else {
    const v = all[i + 1];
    // A yacs key (`SOLVER.MAX_ITER`) after a switch (`--eval-only`, `--resume`) starts the overrides.
    const yacsNext = !!v && v.text.includes('.') && YACS_KEY.test(v.text) && readsYacsOverrides(inv);
    const takes = v && !isFlag(v) && !yacsNext && (!BOOLEAN_FLAGS.has(name) || BOOLEAN_WORD.test(v.text) || (/^resume/.test(name) && !CONFIG_EXT.test(v.text)));
    if (takes) {
      flag = { name, value: v.text, range: join(w.range, v.range), valueRange: v.range };
      next = i + 2;
    } else {
      flag = { name, range: w.range };
    }
  }
  inv.flags.set(name, flag);
  if (CONFIG_FLAGS.has(name.toLowerCase()) && flag.value && CONFIG_EXT.test(flag.value) && flag.valueRange) {
    inv.configFiles.push({ ref: flag.value, range: flag.valueRange });
  }
  return next;
}

/** detectron2's training scripts (tools/, projects/*, and the copies other repos keep). */
export const DETECTRON2_SCRIPT = /(^|\/)(plain_|lazyconfig_)?train_net\.py$/;

/**
 * Scripts built on detectron2's `default_argument_parser` take trailing `KEY VALUE` config overrides:
 * its own training scripts, or any python script given `--config-file` (the parser's spelling).
 */
function readsYacsOverrides(inv: Invocation): boolean {
  if (inv.program !== 'python' && inv.program !== 'torchrun') return false;
  return DETECTRON2_SCRIPT.test(inv.script ?? '') || /\.ya?ml$/i.test(inv.flags.get('config_file')?.value ?? '');
}

/** The script's arguments: flags, `key=value` overrides (tune, Hydra, LLaMA-Factory), positionals. */
function readArgs(all: Arg[], i: number, inv: Invocation): void {
  const takesPositionalConfig = LAUNCHERS.has(inv.program);
  while (i < all.length) {
    const w = all[i];
    if (isFlag(w)) {
      i = readFlag(all, i, inv);
      continue;
    }
    // detectron2-style `KEY.SUB VALUE` pairs (yacs `opts`, read after every flag: argparse REMAINDER).
    if (all[i + 1] && YACS_KEY.test(w.text) && readsYacsOverrides(inv)) {
      const v = all[i + 1];
      inv.flags.set(w.text, { name: w.text, value: v.text, range: join(w.range, v.range), valueRange: v.range, key: w.text });
      i += 2;
      continue;
    }
    const kv = /^\+{0,2}([A-Za-z_][\w.-]*)=(.*)$/s.exec(w.text);
    if (kv && takesPositionalConfig) {
      inv.flags.set(normaliseFlagName(kv[1]), { name: normaliseFlagName(kv[1]), value: kv[2], range: w.range, valueRange: w.range });
    } else {
      inv.args.push(w);
      if (takesPositionalConfig && CONFIG_EXT.test(w.text)) inv.configFiles.push({ ref: w.text, range: w.range });
    }
    i++;
  }
}
