import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LineIndex } from '../../../server/src/engine/formats/lineIndex';
import { noFileAccess } from '../../../server/src/engine/fileAccess';
import {
  HF_FP32_REASON,
  HF_SAVE_REASON,
  TRL_BF16_REASON,
  classifyInvocation,
  launchedJobFacts,
  parseArgv,
  parseCommands,
  storageOf,
  type Invocation,
  type LaunchFactOptions,
} from '../../../server/src/engine/dialects/launch';
import type { AnalysisContext, Range } from '../../../server/src/engine/types';

const parse = (text: string): Invocation[] => parseCommands(text, 0, new LineIndex(text));

/** Range of the `nth` occurrence of `needle` in `text`. */
function rangeOf(text: string, needle: string, nth = 0): Range {
  let at = -1;
  for (let k = 0; k <= nth; k++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} not in text`);
  return new LineIndex(text).range(at, at + needle.length);
}

/** An analysis context with no other workspace file visible (what a lone buffer gets). */
const lone: AnalysisContext = { path: '/ws/task.yaml', files: noFileAccess, log: () => {}, linked: async () => undefined };
const facts = (text: string, opts?: LaunchFactOptions) => launchedJobFacts(parse(text), lone, opts);

test('tokeniser: continuations, quotes, && and env prefixes, with exact ranges', () => {
  const text = 'cd ~/work && CUDA_VISIBLE_DEVICES=0,1 torchrun --nproc_per_node=2 \\\n  train.py --run_name "a b" --bf16 --max_steps 1000 # go\n';
  const invs = parse(text);
  assert.deepEqual(invs.map((i) => i.program), ['cd', 'torchrun']);
  const t = invs[1];
  assert.equal(t.script, 'train.py');
  assert.deepEqual(t.scriptRange, rangeOf(text, 'train.py'));
  assert.equal(t.flags.get('nproc_per_node')?.value, '2');
  assert.equal(t.flags.get('run_name')?.value, 'a b');
  assert.deepEqual(t.flags.get('run_name')?.range, rangeOf(text, '--run_name "a b"'));
  assert.equal(t.flags.get('bf16')?.value, undefined);
  assert.deepEqual(t.flags.get('bf16')?.range, rangeOf(text, '--bf16'));
  assert.deepEqual(t.flags.get('max_steps')?.range, rangeOf(text, '--max_steps 1000'));
  assert.equal(t.flags.has('go'), false, 'comment is no flag');
  assert.deepEqual(t.range.start, rangeOf(text, 'CUDA_VISIBLE').start);
});

test('tokeniser: an offset maps ranges into the enclosing file', () => {
  const file = 'name: x\nrun: |\n  python train.py --fp16 False\n';
  const body = file.indexOf('  python');
  const [inv] = parseCommands(file.slice(body), body, new LineIndex(file));
  assert.deepEqual(inv.flags.get('fp16')?.range, rangeOf(file, '--fp16 False'));
  assert.equal(inv.flags.get('fp16')?.value, 'False');
});

test('tokeniser: ; | & redirections, heredocs and single quotes', () => {
  const text = [
    "python train.py --msg 'it''s' 2>&1 | tee log.txt; echo done &",
    'cat > cfg.json <<EOF',
    '{"python": "not a command --bf16"}',
    'EOF',
    'python -c "import torch; print(1)"',
  ].join('\n');
  const invs = parse(text);
  assert.deepEqual(invs.map((i) => i.program), ['python', 'tee', 'echo', 'cat', 'python']);
  assert.equal(invs[0].flags.get('msg')?.value, 'its');
  assert.deepEqual(invs[0].args, [], 'redirection targets are no arguments');
  assert.deepEqual(invs[3].args, [], 'the heredoc body is skipped');
  assert.equal(invs[4].script, undefined);
});

test('tokeniser: what runs in the background: `cmd &`, a loop or subshell sent there, not `&&` or `2>&1`', () => {
  const text = [
    'nohup python sync.py > sync.log 2>&1 &',
    'while true; do gsutil rsync -r out gs://b/out; sleep 600; done &',
    '(aws s3 sync out s3://b/out; echo synced) &',
    'for f in a b; do cp $f /tmp; done',
    'make && python train.py',
  ].join('\n');
  const invs = parse(text);
  const bg = (program: string) => invs.filter((i) => i.program === program).map((i) => i.background === true);
  assert.deepEqual(bg('python'), [true, false]);
  assert.deepEqual(bg('gsutil'), [true]);
  assert.deepEqual(bg('sleep'), [true]);
  assert.deepEqual(bg('aws'), [true]);
  assert.deepEqual(bg('echo'), [true]);
  assert.deepEqual(bg('cp'), [false]);
  assert.deepEqual(bg('make'), [false]);
});

test('tokeniser: $VAR stays as written unless known; export and envs substitute', () => {
  const text = 'export LR=2e-5\npython train.py --learning_rate $LR --max_steps ${STEPS} --model_name_or_path ${MODEL:-gpt2} --out $UNKNOWN';
  const [inv] = parseCommands(text, 0, new LineIndex(text), { env: new Map([['STEPS', '500']]) }).filter((i) => i.program === 'python');
  assert.equal(inv.flags.get('learning_rate')?.value, '2e-5');
  assert.equal(inv.flags.get('max_steps')?.value, '500');
  assert.equal(inv.flags.get('model_name_or_path')?.value, 'gpt2');
  assert.equal(inv.flags.get('out')?.value, '$UNKNOWN');
});

test('wrappers and launchers: nohup/env/uv run/mpirun, python -m, torch.distributed.run', () => {
  const [a] = parse('nohup env A=1 python -u -m axolotl.cli.train cfg.yml --debug');
  assert.equal(a.program, 'python');
  assert.equal(a.script, 'axolotl.cli.train');
  assert.deepEqual(a.configFiles.map((c) => c.ref), ['cfg.yml']);

  const [b] = parse('python3 -m torch.distributed.run --nproc_per_node 8 --nnodes=2 finetune.py --epochs 3');
  assert.equal(b.program, 'torchrun');
  assert.equal(b.script, 'finetune.py');
  assert.equal(b.flags.get('nproc_per_node')?.value, '8');
  assert.equal(b.flags.get('epochs')?.value, '3');

  const [l] = parse('python -m torch.distributed.launch --use_env --nproc_per_node=2 train.py');
  assert.equal(l.program, 'torchrun');
  assert.equal(l.script, 'train.py', '--use_env is a switch');

  const [c] = parse('mpirun -np $SKYPILOT_NUM_GPUS_PER_NODE --allow-run-as-root -x NCCL_DEBUG=INFO ./train_gpt2cu -b 64');
  assert.equal(c.program, 'train_gpt2cu');
  assert.equal(classifyInvocation(c), 'training');

  const [d] = parse('uv run --with wandb accelerate launch --config_file acc.yaml --num_processes 8 train.py --deepspeed ds_z3.json');
  assert.equal(d.program, 'accelerate');
  assert.equal(d.script, 'train.py');
  assert.deepEqual(d.configFiles.map((x) => x.ref), ['acc.yaml', 'ds_z3.json']);
});

test('CLIs: tune run, llamafactory-cli, trl, litgpt, and bash -c', () => {
  const [t] = parse('tune run --nproc_per_node 4 lora_finetune_distributed --config ./llama3_lora.yaml dtype=fp32 batch_size=2');
  assert.equal(t.program, 'tune');
  assert.equal(t.script, 'lora_finetune_distributed');
  assert.deepEqual(t.configFiles.map((x) => x.ref), ['./llama3_lora.yaml']);
  assert.equal(t.flags.get('dtype')?.value, 'fp32');

  const [l] = parse('llamafactory-cli train examples/train_lora/llama3_lora_sft.yaml');
  assert.equal(l.script, 'train');
  assert.deepEqual(l.configFiles.map((x) => x.ref), ['examples/train_lora/llama3_lora_sft.yaml']);

  const [r] = parse('trl sft --config sft.yaml --model_name_or_path Qwen/Qwen2-0.5B');
  assert.equal(r.script, 'sft');
  assert.deepEqual(r.configFiles.map((x) => x.ref), ['sft.yaml']);

  const [g] = parse('litgpt finetune_lora meta-llama/Llama-3.2-1B --config c.yaml --precision bf16-true --train.max_steps 200');
  assert.equal(g.script, 'finetune_lora');
  assert.equal(g.args[0].text, 'meta-llama/Llama-3.2-1B');
  assert.equal(g.flags.get('train.max_steps')?.value, '200');

  const nested = parse(`bash -c "cd /app && python train.py --fp16"`);
  assert.deepEqual(nested.map((i) => i.program), ['cd', 'python']);
  assert.equal(nested[1].flags.has('fp16'), true);
});

test('parseArgv: a Kubernetes command + args list keeps each item its range', () => {
  const r = (line: number): Range => ({ start: { line, character: 4 }, end: { line, character: 20 } });
  const [inv] = parseArgv([
    { text: 'torchrun', range: r(1) },
    { text: '--nproc_per_node=4', range: r(2) },
    { text: 'train.py', range: r(3) },
    { text: '--fp16', range: r(4) },
    { text: 'False', range: r(5) },
  ]);
  assert.equal(inv.program, 'torchrun');
  assert.equal(inv.flags.get('fp16')?.value, 'False');
  assert.deepEqual(inv.flags.get('fp16')?.range, { start: r(4).start, end: r(5).end });
  assert.deepEqual(inv.range, { start: r(1).start, end: r(5).end });
});

test('classify: training, serving, dev and the rest', () => {
  const kind = (s: string) => classifyInvocation(parse(s)[0]);
  assert.equal(kind('python train.py'), 'training');
  assert.equal(kind('python main.py --lr 0.1 --epochs 90'), 'training');
  assert.equal(kind('python prepare_data.py --out data/'), 'other');
  assert.equal(kind('accelerate launch -m axolotl.cli.preprocess cfg.yml'), 'other');
  assert.equal(kind('axolotl train cfg.yml'), 'training');
  assert.equal(kind('vllm serve meta-llama/Llama-3.1-8B --tensor-parallel-size 8'), 'inference');
  assert.equal(kind('python -m vllm.entrypoints.openai.api_server --model x'), 'inference');
  assert.equal(kind('python -m sglang.launch_server --model-path x'), 'inference');
  assert.equal(kind('jupyter lab --port 8888'), 'dev');
  assert.equal(kind('sleep infinity'), 'dev');
  assert.equal(kind('pip install -r requirements.txt'), 'other');
  assert.equal(kind('echo training done'), 'other');
  assert.equal(kind('python support.py --out x'), 'other', 'ppo inside a word is no PPO');
  assert.equal(kind('python constraint_check.py'), 'other');
  assert.equal(kind('python run_sft.py'), 'training');
  assert.equal(kind('bash scripts/finetune.sh'), 'training');
});

test('facts: --bf16 sets precision on the flag; HF command without one is fp32 by default', async () => {
  const withBf16 = 'python run_clm.py --model_name_or_path gpt2 --output_dir out --per_device_train_batch_size 8 --bf16';
  const a = await facts(withBf16);
  assert.equal(a.precision?.value, 'bf16');
  assert.deepEqual(a.precision?.source, { kind: 'file', range: rangeOf(withBf16, '--bf16'), key: '--bf16' });

  const none = 'torchrun --nproc_per_node 8 run_clm.py --model_name_or_path gpt2 --output_dir out --num_train_epochs 3';
  const b = await facts(none);
  assert.equal(b.precision?.value, 'fp32');
  assert.deepEqual(b.precision?.source, { kind: 'default', reason: HF_FP32_REASON, range: rangeOf(none, none) });
  assert.equal(b.checkpoint?.periodic?.value, true);
  assert.equal(b.checkpoint?.periodic?.source.kind === 'default' && b.checkpoint.periodic.source.reason, HF_SAVE_REASON);
  assert.equal(b.hardware?.gpuCount?.value, 8);

  // A custom train.py we cannot read: `--fp16 False` alone does not say fp32 (its own bf16 default
  // is unknown); both switches off do.
  const off = 'python train.py --output_dir o --per_device_train_batch_size 4 --fp16 False';
  const c = await facts(off);
  assert.equal(c.precision, undefined);
  const bothOff = 'python train.py --output_dir o --per_device_train_batch_size 4 --bf16 False --fp16 False';
  const d = await facts(bothOff);
  assert.equal(d.precision?.value, 'fp32');
  assert.deepEqual(d.precision?.source, { kind: 'file', range: rangeOf(bothOff, '--bf16 False'), key: '--bf16' });
  // The same flags on transformers' own example script keep TrainingArguments' defaults.
  const known = await facts('python examples/pytorch/language-modeling/run_clm.py --output_dir o --per_device_train_batch_size 4 --fp16 False');
  assert.equal(known.precision?.value, 'fp32');
});

test('facts: a custom HF-style script not in the workspace has unknown defaults; TRL example scripts keep TRL\'s', async () => {
  const custom = await facts('torchrun --nproc_per_node 8 finetune.py --model_name_or_path gpt2 --output_dir out --num_train_epochs 3 --per_device_train_batch_size 8');
  assert.equal(custom.precision, undefined, 'no fp32 claim for a script we cannot read');
  assert.equal(custom.checkpoint?.periodic, undefined, 'no HF save default either');
  assert.equal(custom.schedule?.epochs?.value, 3, 'what the command line states is still read');
  const noTrainer = await facts('accelerate launch run_clm_no_trainer.py --model_name_or_path gpt2 --output_dir out --num_train_epochs 1 --per_device_train_batch_size 8');
  assert.equal(noTrainer.precision, undefined, '*_no_trainer scripts use Accelerate, not TrainingArguments');
  const trl = await facts('accelerate launch trl/scripts/sft.py --model_name_or_path Qwen/Qwen2-0.5B --output_dir out --per_device_train_batch_size 8 --num_train_epochs 1');
  assert.equal(trl.precision?.value, 'bf16');
  assert.equal(trl.precision?.source.kind, 'default');
});

test('facts: precision spellings, TRL default, and no guess for a plain script', async () => {
  assert.equal((await facts('accelerate launch --mixed_precision bf16 train.py')).precision?.value, 'bf16');
  assert.equal((await facts('accelerate launch --mixed_precision no train.py')).precision?.value, 'fp32');
  assert.equal((await facts('litgpt pretrain --precision 16-mixed --config c.yaml')).precision?.value, 'fp16');
  assert.equal((await facts('python train.py --precision 32 --epochs 1')).precision?.value, 'fp32');
  assert.equal((await facts('tune run full_finetune_single_device --config c.yaml dtype=bf16')).precision?.value, 'bf16');
  assert.equal((await facts('python train.py --epochs 2 --dtype $DTYPE')).precision?.value, 'dynamic');
  const trl = await facts('trl sft --model_name_or_path Qwen/Qwen2-0.5B --dataset_name trl-lib/Capybara --output_dir out');
  assert.equal(trl.precision?.value, 'bf16');
  assert.equal(trl.precision?.source.kind === 'default' && trl.precision.source.reason, TRL_BF16_REASON);
  assert.equal((await facts('python train.py --epochs 3')).precision, undefined, 'unknown script, unknown precision');
});

test('facts: schedule, batch, model, datasets and hardware from flags', async () => {
  const text = 'torchrun --nnodes 2 --nproc_per_node 4 train.py --model_name_or_path meta-llama/Llama-3.1-8B --train_file data/train.csv --validation_file data/val.jsonl --dataset_name org/extra --max_steps 2000 --num_train_epochs 1 --per_device_train_batch_size 2 --gradient_accumulation_steps 8 --max_seq_length 4096 --use_peft --load_in_4bit';
  const f = await facts(text);
  assert.deepEqual(f.schedule?.maxSteps, { value: 2000, source: { kind: 'file', range: rangeOf(text, '--max_steps 2000'), key: '--max_steps' } });
  assert.equal(f.schedule?.epochs?.value, 1);
  assert.equal(f.batch?.perDevice?.value, 2);
  assert.equal(f.batch?.gradientAccumulation?.value, 8);
  assert.equal(f.batch?.sequenceLength?.value, 4096);
  assert.equal(f.model?.id?.value, 'meta-llama/Llama-3.1-8B');
  assert.equal(f.model?.trainingMode?.value, 'qlora');
  assert.deepEqual(f.datasets?.map((d) => [d.value.format, d.value.path]), [
    ['csv', 'data/train.csv'],
    ['jsonl', 'data/val.jsonl'],
    ['hub', 'org/extra'],
  ]);
  assert.deepEqual(f.datasets?.[0].source, { kind: 'file', range: rangeOf(text, '--train_file data/train.csv'), key: '--train_file' });
  assert.equal(f.hardware?.gpuCount?.value, 4);
  assert.equal(f.hardware?.nodes?.value, 2);
});

test('facts: checkpoint periodic, resume and storage (mounts and cwd)', async () => {
  const text = 'cd /mnt/ckpt\npython train.py --output_dir run1 --save_strategy no --resume_from_checkpoint True';
  const f = await facts(text, { durableMounts: ['/mnt/ckpt'] });
  assert.equal(f.checkpoint?.location?.value, 'run1');
  assert.deepEqual(f.checkpoint?.storage, { value: 'durable', source: { kind: 'file', range: rangeOf(text, '--output_dir run1'), key: '--output_dir' } });
  assert.equal(f.checkpoint?.periodic?.value, false);
  assert.equal(f.checkpoint?.resume?.value, true);

  const tmp = await facts('python train.py --output_dir /tmp/out --save_steps 200 --overwrite_output_dir', { durableMounts: ['/mnt/ckpt'] });
  assert.equal(tmp.checkpoint?.storage?.value, 'ephemeral');
  assert.equal(tmp.checkpoint?.periodic?.value, true);
  assert.equal(tmp.checkpoint?.resume?.value, false, 'overwrite_output_dir skips the last checkpoint');

  const s3 = await facts('python train.py --output_dir s3://bucket/run --epochs 1');
  assert.equal(s3.checkpoint?.storage?.value, 'durable');
});

test('facts: only the training commands count, setup noise does not', async () => {
  const f = await facts('pip install --upgrade transformers\nwget https://x/data.csv -O data.csv\npython train.py --epochs 2');
  assert.equal(f.workload, 'training');
  assert.equal(f.schedule?.epochs?.value, 2);
  assert.deepEqual(f.datasets, []);
  const plain = await facts('python entry.py --model_name bert-base-uncased');
  assert.equal(plain.model?.id?.value, 'bert-base-uncased', 'a lone script run still carries its flags');
  assert.equal(plain.workload, undefined, 'but is not called training');
  const prep = await facts('python prepare_data.py --output_dir data/ --model_name x');
  assert.equal(prep.checkpoint, undefined, 'a data-prep step writes no checkpoints');
  const none = await facts('pip install -r requirements.txt\necho hello');
  assert.equal(none.workload, undefined);
  assert.equal(none.precision, undefined);
});

test('storageOf: buckets and mounts are durable, local disk is not', () => {
  assert.equal(storageOf('s3://b/ckpt', []), 'durable');
  assert.equal(storageOf('gs://b/ckpt', []), 'durable');
  assert.equal(storageOf('az://c/ckpt', []), 'durable');
  assert.equal(storageOf('hf://user/repo', []), 'durable');
  assert.equal(storageOf('/tmp/ckpt', []), 'ephemeral');
  assert.equal(storageOf('~/out', []), 'ephemeral');
  assert.equal(storageOf('outputs/run', []), 'ephemeral');
  assert.equal(storageOf('/checkpoint/run1', ['/checkpoint']), 'durable');
  assert.equal(storageOf('/checkpoint', ['/checkpoint/']), 'durable');
  assert.equal(storageOf('/checkpoints2/x', ['/checkpoint']), 'ephemeral', 'prefix must end at a path segment');
  assert.equal(storageOf('$HOME/ckpt/a', ['~/ckpt']), 'durable');
  assert.equal(storageOf('$CKPT_DIR/run', []), 'unknown');
  assert.equal(storageOf('', []), 'unknown');
});

test('srun: its own options (with and without values, in a variable) are not the script\'s', () => {
  const [a] = parse('srun -l --mpi=pmix --container-image ./img.sqsh --container-mounts /fsx:/fsx -N 2 --ntasks-per-node 1 python train.py --lr 1e-4');
  assert.equal(a.program, 'python');
  assert.equal(a.script, 'train.py');
  assert.deepEqual([...a.flags.keys()], ['lr']);
  const [b] = parse('SRUN_ARGS="--wait=60 --kill-on-bad-exit=1 --nodes=2"\nsrun $SRUN_ARGS --jobid $SLURM_JOB_ID accelerate launch --num_processes 16 train.py').slice(-1);
  assert.equal(b.program, 'accelerate');
  assert.equal(b.script, 'train.py');
  assert.equal(b.flags.get('num_processes')?.value, '16');
});

test('unquoted expansions split at whitespace and an empty one vanishes; quoted ones and command substitutions stay whole', () => {
  const invs = parse('EXTRA=""\nARGS="--bf16 --max_steps 100"\nMSG="two words"\npython train.py $EXTRA $ARGS --note "$MSG" --tag $MSG');
  const c = invs[invs.length - 1];
  assert.equal(c.script, 'train.py');
  assert.equal(c.flags.get('bf16')?.value, undefined);
  assert.equal(c.flags.get('max_steps')?.value, '100');
  assert.equal(c.flags.get('note')?.value, 'two words', 'quoted: one word');
  assert.equal(c.flags.get('tag')?.value, 'two', 'unquoted: split');
  const p = parse('MODEL=${1:-gpt2}\nOUT=${2}\npython train.py --model_name_or_path $MODEL --output_dir $OUT');
  assert.equal(p[p.length - 1].flags.get('model_name_or_path')?.value, 'gpt2', "a positional parameter's default is what runs without arguments");
  assert.equal(p[p.length - 1].flags.get('output_dir')?.value, '${2}', 'no default: unknown');
  const w = parse('N=$(( 2 * 8 ))\ntorchrun --nproc_per_node $N train.py');
  assert.equal(w[w.length - 1].flags.get('nproc_per_node')?.value, '$(( 2 * 8 ))');
});

test('bash arrays: `declare -a A=(...)` with comments is no command list, and "${A[@]}" expands to its elements', () => {
  const text = [
    'GPUS=8',
    'declare -a TORCHRUN_ARGS=(',
    '    --nproc_per_node=$GPUS   # one per GPU',
    '    --nnodes=2',
    ')',
    'TRAIN_ARGS=( --max_steps 500 --model_type=llama )',
    'srun -l "${SRUN_ARGS[@]}" torchrun "${TORCHRUN_ARGS[@]}" train.py "${TRAIN_ARGS[@]}"',
  ].join('\n');
  const invs = parse(text);
  assert.deepEqual(invs.map((i) => i.program).filter((p) => p.startsWith('-')), [], 'array elements are not commands');
  const c = invs.find((i) => i.program === 'torchrun')!;
  assert.equal(c.script, 'train.py', 'an unknown array before the program is srun options');
  assert.equal(c.flags.get('nproc_per_node')?.value, '8');
  assert.equal(c.flags.get('nnodes')?.value, '2');
  assert.equal(c.flags.get('max_steps')?.value, '500');
  assert.equal(c.flags.get('model_type')?.value, 'llama');
});
