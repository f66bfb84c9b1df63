// karpathy/llm.c's trainers launched from a SkyPilot `run:`, a shell script or srun: their
// one-letter flags as job facts (dialects/launch/llmc.ts), through the real parser, the real
// launch facts and the real estimator; the llm.c scripts' own commands against the times their
// headers publish.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, test } from 'node:test';
import { analyze } from '../../../server/src/engine/analyze';
import { estimateJob } from '../../../server/src/engine/cost/estimate';
import { workOf } from '../../../server/src/engine/cost/work';
import { classifyInvocation, launchedJobFacts, parseArgv, parseCommands, type Invocation } from '../../../server/src/engine/dialects/launch';
import { gpt2SchemaParameters, isLlmcTrainer, llmcData, llmcModel, LLMC_RETENTION_REASON } from '../../../server/src/engine/dialects/launch/llmc';
import { noFileAccess, diskFileAccess } from '../../../server/src/engine/fileAccess';
import { LineIndex } from '../../../server/src/engine/formats/lineIndex';
import type { AnalysisContext, Fact, Job } from '../../../server/src/engine/types';
import { analyzeFixture, fixturePath, fixturesDir } from '../../helpers';

const parse = (text: string): Invocation[] => parseCommands(text, 0, new LineIndex(text));
const lone: AnalysisContext = { path: '/ws/task.yaml', files: noFileAccess, log: () => {}, linked: async () => undefined };
const facts = (text: string) => launchedJobFacts(parse(text), lone, { durableMounts: ['/checkpoints'] });
/** The flag a fact was read from (`-b`), or the default's reason. */
const from = (f: Fact<unknown> | undefined): string | undefined => (f?.source.kind === 'file' ? f.source.key : f?.source.kind === 'default' ? f.source.reason : undefined);

/** The SkyPilot llm.c task's command (skypilot-org/skypilot llm/gpt-2/gpt2-train.yaml `run:`). */
const SKYPILOT_RUN = `cd ~/llm.c
mpirun -np $SKYPILOT_NUM_GPUS_PER_NODE ./train_gpt2cu \\
    -i "dev/data/fineweb10B/fineweb_train_*.bin" \\
    -j "dev/data/fineweb10B/fineweb_val_*.bin" \\
    -o log124M \\
    -e "d12" \\
    -b 64 -t 1024 \\
    -d 524288 \\
    -r 1 \\
    -z 1 \\
    -c 0.1 \\
    -l 0.0006 \\
    -q 0.0 \\
    -u 700 \\
    -n 5000 \\
    -v 250 -s 20000 \\
    -h 1
`;

describe('llm.c command lines', () => {
  test('every flag takes the next word, as llm.c reads argv in pairs (-v 250, -x -1, -h 1)', () => {
    const [, inv] = parse(SKYPILOT_RUN);
    assert.equal(inv.program, 'train_gpt2cu');
    assert.deepEqual(inv.args, [], 'no value is left over as a positional argument');
    assert.equal(inv.flags.get('v')?.value, '250');
    assert.equal(inv.flags.get('u')?.value, '700');
    assert.equal(inv.flags.get('q')?.value, '0.0');
    assert.equal(inv.flags.get('h')?.value, '1');
    assert.equal(inv.flags.get('i')?.value, 'dev/data/fineweb10B/fineweb_train_*.bin');
    const [neg] = parse('./train_gpt2cu -x -1 -ge 1 -nk 3');
    assert.equal(neg.flags.get('x')?.value, '-1');
    assert.equal(neg.flags.get('ge')?.value, '1');
    assert.equal(neg.flags.get('nk')?.value, '3');
  });

  test("other programs' short flags are read as before", () => {
    const [py] = parse('python train.py -v 250 --bf16');
    assert.equal(py.flags.get('v')?.value, undefined, '-v stays a switch for a python script');
    assert.deepEqual(py.args.map((a) => a.text), ['250']);
    const [tr] = parse('torchrun --standalone --nproc_per_node=8 train_gpt2.py -e d12');
    assert.equal(tr.program, 'torchrun');
    assert.equal(isLlmcTrainer(tr), false, "llm.c's PyTorch reference is no llm.c trainer");
  });

  test('train_gpt2cu, train_gpt2, train_gpt2fp32cu and train_llama3cu are training, with or without ./ and behind mpirun or srun', () => {
    for (const cmd of [
      './train_gpt2cu -b 8',
      'train_gpt2cu',
      '/home/ubuntu/llm.c/train_gpt2fp32cu -b 4',
      './train_gpt2',
      'mpirun -np 8 --host node1:8,node2:8 ./train_llama3cu -e llama3.1_8B_bf16.bin',
      'mpirun --allow-run-as-root -np 8 -x NCCL_DEBUG=INFO ./train_gpt2cu -e d24',
      'srun --ntasks-per-node=8 ./train_gpt2cu -e d12',
      'srun -l -u bash -c "./train_gpt2cu -e d12 -b 64"',
    ]) {
      const invs = parse(cmd);
      const inv = invs[invs.length - 1];
      assert.ok(isLlmcTrainer(inv), `${cmd}: ${inv.program}`);
      assert.equal(classifyInvocation(inv), 'training', cmd);
    }
    const [t] = parse('./test_gpt2cu');
    assert.notEqual(classifyInvocation(t), 'training', 'the test binary trains nothing');
  });

  test('a Kubernetes argv (command + args) reads the same flags', () => {
    const R = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const [inv] = parseArgv(['mpirun', '-np', '8', './train_gpt2cu', '-e', 'd24', '-v', '250', '-b', '32'].map((text) => ({ text, range: R })));
    assert.ok(isLlmcTrainer(inv));
    assert.equal(inv.flags.get('e')?.value, 'd24');
    assert.equal(inv.flags.get('v')?.value, '250');
    assert.equal(inv.processes?.value, '8');
  });

  test('a multi-node srun launch (llm.c scripts/multi_node/run_gpt2_124M_fs.sbatch) reads the command inside bash -c', () => {
    const text = fs.readFileSync(fixturePath('llmc/run_gpt2_124M_fs.sbatch'), 'utf8');
    const inv = parse(text).find(isLlmcTrainer);
    assert.ok(inv, 'the trainer command is found');
    assert.equal(inv.flags.get('e')?.value, 'd12');
    assert.equal(inv.flags.get('d')?.value, '2097152');
  });
});

describe('llm.c models (-e)', () => {
  test('depth descriptors give the GPT-2 sizes: 124M, 355M, 774M, 1558M', () => {
    const sizes = (['d12', 'd24', 'd36', 'd48'] as const).map((d) => llmcModel(d)!.parameters);
    assert.deepEqual(sizes, [124_439_808, 354_823_168, 774_030_080, 1_557_611_200]);
    assert.equal(llmcModel('gpt2:d48')!.parameters, 1_557_611_200, 'the explicit gpt2:dX form');
    const d12 = llmcModel('d12')!;
    assert.equal(d12.layers, 12);
    assert.equal(d12.channels, 768);
    assert.equal(d12.pretrained, false, 'a descriptor builds random weights');
    assert.match(d12.basis, /GPT-2 124M.*124,439,808/);
    assert.equal(llmcModel('d7'), undefined, 'a depth llm.c rejects');
  });

  test('GPT-3 descriptors use the 2048-token context', () => {
    const m = llmcModel('gpt3:c768')!;
    assert.equal(m.layers, 12);
    assert.equal(m.parameters, gpt2SchemaParameters(12, 768, 2048));
    assert.equal(m.parameters, 125_226_240);
  });

  test('checkpoints by the size their name says; Llama 3 weights by their Hub id', () => {
    const g = llmcModel('gpt2_124M_bf16.bin')!;
    assert.equal(g.parameters, 124_439_808);
    assert.equal(g.pretrained, true);
    assert.equal(llmcModel('log_gpt2_1558M/model_00032000.bin')!.layers, 48);
    const l = llmcModel('llama3.1_8B_bf16.bin')!;
    assert.equal(l.id, 'meta-llama/Llama-3.1-8B');
    assert.equal(l.parameters, undefined);
    const unknown = llmcModel('my_model.bin')!;
    assert.equal(unknown.parameters, undefined);
    assert.equal(unknown.pretrained, true);
  });
});

describe('llm.c data (-i)', () => {
  test("FineWeb samples by llm.c's directory names, less the validation shard", () => {
    assert.equal(llmcData('dev/data/fineweb10B/fineweb_train_*.bin', 'gpt-2')?.tokens, 9.9e9);
    assert.equal(llmcData('dev/data/edu_fineweb100B/edu_fineweb_train_*.bin', 'gpt-2')?.tokens, 99.9e9);
    assert.equal(llmcData('/ephemeral/data/fineweb/bin_10B/fineweb_train_*.bin', 'gpt-2')?.tokens, 9.9e9, 'the size in a parent directory');
    assert.match(llmcData('dev/data/edu_fineweb10B/x_*.bin', 'gpt-2')!.basis, /fineweb-edu sample-10BT/);
    assert.equal(llmcData('data/fineweb/shards/*.bin', 'gpt-2'), undefined, 'no sample size: not guessed');
  });

  test("tiny Shakespeare and TinyStories by the counts llm.c's scripts print, per tokenizer", () => {
    assert.equal(llmcData('dev/data/tinyshakespeare/tiny_shakespeare_train.bin', 'gpt-2')?.tokens, 305_260);
    assert.equal(llmcData('dev/data/tinystories/TinyStories_train.bin', 'gpt-2')?.tokens, 925_653_391);
    assert.equal(llmcData('dev/data/tinystories/TinyStories_train.bin', 'llama-3')?.tokens, 907_021_844);
    assert.equal(llmcData('data/mydata_*.bin', 'gpt-2'), undefined);
  });
});

describe('llm.c job facts', () => {
  test('the SkyPilot task: every fact from its flag', async () => {
    const job = await facts(SKYPILOT_RUN);
    assert.equal(job.workload, 'training');
    assert.equal(job.batch?.perDevice?.value, 64);
    assert.equal(from(job.batch?.perDevice), '-b');
    assert.equal(job.batch?.sequenceLength?.value, 1024);
    assert.equal(from(job.batch?.sequenceLength), '-t');
    // 524,288 tokens per step / (64 × 1024) = 8 micro-batches over all GPUs together.
    assert.equal(job.batch?.gradientAccumulation?.value, 8);
    assert.equal(from(job.batch?.gradientAccumulation), '-d');
    assert.equal(job.batch?.accumulationIsGlobal?.value, true);
    assert.equal(job.batch?.zeroStage?.value, 1);
    assert.equal(from(job.batch?.zeroStage), '-z');
    assert.equal(job.batch?.activationCheckpointing?.value, false, '-r recomputes GeLU only, not whole layers');
    assert.equal(job.model?.parameters?.value, 124_439_808);
    assert.match(from(job.model?.parameters)!, /^-e d12: /);
    assert.equal(from(job.model?.layers), '-e');
    assert.equal(job.model?.pretrained?.value, false);
    assert.equal(job.schedule?.objective?.value, 'pretraining');
    assert.equal(job.schedule?.maxSteps, undefined);
    assert.equal(job.schedule?.datasetTokens?.value, 9.9e9);
    assert.match(from(job.schedule?.datasetTokens)!, /^-i dev\/data\/fineweb10B\/fineweb_train_\*\.bin: .*sample-10BT/);
    assert.equal(job.schedule?.epochs?.value, 1);
    assert.equal(job.datasets?.[0]?.value.reader, '-i');
    assert.equal(job.checkpoint?.periodic?.value, true);
    assert.equal(from(job.checkpoint?.periodic), '-n');
    assert.equal(job.checkpoint?.intervalSteps?.value, 5000);
    // 9.9e9 tokens / 524,288 per step = 18,882 steps: 3 saves at one per 5,000.
    assert.equal(job.checkpoint?.savesPerEpoch?.value, 3);
    assert.equal(job.checkpoint?.location?.value, 'log124M');
    assert.equal(job.checkpoint?.storage?.value, 'ephemeral');
    assert.equal(from(job.checkpoint?.retention), LLMC_RETENTION_REASON);
    assert.equal(job.checkpoint?.resume?.value, false, 'no -y 1: starts over');
    assert.equal(job.precision?.value, 'bf16');
    assert.match(from(job.precision)!, /PRECISION \?= BF16/);
  });

  test('defaults of a bare ./train_gpt2cu: micro-batch 4 × 1024, GPT-2 124M weights, one epoch of tiny Shakespeare, no checkpoints', async () => {
    const job = await facts('./train_gpt2cu\n');
    assert.equal(job.batch?.perDevice?.value, 4);
    assert.equal(job.batch?.perDevice?.source.kind, 'default');
    assert.equal(job.batch?.sequenceLength?.value, 1024);
    assert.equal(job.batch?.gradientAccumulation, undefined, 'no -d: no accumulation');
    assert.equal(job.model?.parameters?.value, 124_439_808);
    assert.equal(job.model?.pretrained?.value, true, 'loads gpt2_124M_bf16.bin');
    assert.equal(job.schedule?.datasetTokens?.value, 305_260);
    assert.equal(job.checkpoint?.periodic?.value, false);
    assert.equal(job.checkpoint?.periodic?.source.kind, 'default');
  });

  test('-x caps the run at x steps of -d tokens, whatever the GPU count', async () => {
    const job = await facts('mpirun -np 8 ./train_gpt2cu -i "dev/data/edu_fineweb100B/edu_fineweb_train_*.bin" -b 16 -t 1024 -d 1048576 -x 32000 -e "d48"\n');
    assert.equal(job.schedule?.maxSteps?.value, 32000);
    assert.equal(from(job.schedule?.maxSteps), '-x');
    assert.equal(job.schedule?.datasetTokens, undefined, 'the epoch does not apply with -x');
    for (const gpus of [1, 8, 16]) assert.equal(workOf(job as Job, gpus).tokens, 32000 * 1048576, `${gpus} GPUs`);
  });

  test('a run-time variable says nothing: no default claimed for -b $B, no epoch assumed for -x $STEPS', async () => {
    const job = await facts('./train_gpt2cu -i dev/data/fineweb10B/fineweb_train_*.bin -b $B -x $STEPS -e d12\n');
    assert.equal(job.batch?.perDevice, undefined);
    assert.equal(job.batch?.sequenceLength?.value, 1024, 'the default of an absent -t still holds');
    assert.equal(job.schedule?.maxSteps, undefined);
    assert.equal(job.schedule?.datasetTokens, undefined);
  });

  test('without -d the step is -b × -t on every GPU', async () => {
    const job = await facts('./train_gpt2cu -b 32 -t 512 -x 100 -e d12\n');
    assert.equal(workOf(job as Job, 8).tokens, 100 * 32 * 512 * 8);
  });

  test('checkpoints need -n and -o; -y 1 resumes; -nk keeps the last N; -pn/-pg give nodes', async () => {
    const noDir = await facts('./train_gpt2cu -n 1000 -e d12\n');
    assert.equal(noDir.checkpoint?.periodic?.value, false, 'llm.c writes no checkpoint without an -o log dir');
    const full = await facts('./train_gpt2cu -o /checkpoints/run -n 1000 -nk 3 -y 1 -pn 16 -pg 8 -e d12\n');
    assert.equal(full.checkpoint?.periodic?.value, true);
    assert.equal(full.checkpoint?.storage?.value, 'durable');
    assert.equal(full.checkpoint?.retention?.value, 3);
    assert.equal(from(full.checkpoint?.retention), '-nk');
    assert.equal(full.checkpoint?.resume?.value, true);
    assert.equal(from(full.checkpoint?.resume), '-y');
    assert.equal(full.hardware?.gpuCount?.value, 8);
    assert.equal(full.hardware?.nodes?.value, 2);
  });

  test('one process per GPU: mpirun -np / srun -n give the GPUs, over llm.c\'s default 8 per node', async () => {
    const one = await facts('mpirun -np 4 ./train_gpt2cu -e d12\n');
    assert.equal(one.hardware?.gpuCount?.value, 4);
    assert.equal(from(one.hardware?.gpuCount), '-np');
    assert.equal(one.hardware?.nodes?.value, 1);
    const two = await facts('mpirun -np 16 --host node1:8,node2:8 ./train_gpt2cu -e d12\n');
    assert.equal(two.hardware?.gpuCount?.value, 8);
    assert.equal(two.hardware?.nodes?.value, 2);
    assert.equal((await facts('srun -n 2 ./train_gpt2cu -e d12\n')).hardware?.gpuCount?.value, 2);
    const sky = await facts(SKYPILOT_RUN);
    assert.equal(sky.hardware, undefined, 'an unresolved $SKYPILOT_NUM_GPUS_PER_NODE says nothing (the task\'s accelerators do)');
  });

  test('train_gpt2fp32cu computes in fp32 with TF32 and reads only its own flags; train_gpt2 runs 40 steps of 4 × 64', async () => {
    const fp32 = await facts('./train_gpt2fp32cu -b 8 -x 100 -e d48\n');
    assert.equal(fp32.precision?.value, 'tf32');
    assert.equal(fp32.batch?.perDevice?.value, 8);
    assert.equal(fp32.schedule?.maxSteps, undefined, 'train_gpt2fp32cu has no -x');
    assert.equal(fp32.model?.parameters?.value, 124_439_808, 'it always loads gpt2_124M.bin');
    const cpu = await facts('OMP_NUM_THREADS=8 ./train_gpt2\n');
    assert.equal(cpu.precision?.value, 'fp32');
    assert.equal(cpu.schedule?.maxSteps?.value, 40);
    assert.equal(cpu.batch?.perDevice?.value, 4);
    assert.equal(cpu.batch?.sequenceLength?.value, 64);
  });

  test('train_llama3cu starts from Llama 3 weights (a fine-tune) in bf16', async () => {
    const job = await facts('mpirun -np 8 ./train_llama3cu -e llama3.2_1B_bf16.bin -b 4 -t 64 -x 10\n');
    assert.equal(job.model?.id?.value, 'meta-llama/Llama-3.2-1B');
    assert.equal(job.model?.pretrained?.value, true);
    assert.equal(job.schedule?.objective?.value, 'fine-tuning');
    assert.equal(job.precision?.value, 'bf16');
  });
});

describe('llm.c estimates', () => {
  test('the corpus SkyPilot task (gpt2-train.yaml) has a run cost whose assumptions name the flags', async () => {
    const r = await analyzeFixture('realworld/files/skypilot/llm/gpt-2/gpt2-train.yaml');
    const e = r.estimates[0];
    assert.ok(e?.runCostOnDemand && e.runCostOnDemand > 0, `run cost: ${e?.missing}`);
    assert.equal(e.gpus, 8);
    /** An assumption's file key, or its default's reason. */
    const said = (name: string): string => {
      const src = e.assumptions.find((a) => a.name === name)?.source;
      return src?.kind === 'file' ? src.key : src?.kind === 'default' ? src.reason : '';
    };
    assert.equal(said('per-device batch'), '-b');
    assert.equal(said('sequence length'), '-t');
    assert.match(said('parameters'), /^-e d12: /);
    assert.match(said('dataset tokens'), /^-i dev\/data\/fineweb10B/);
    assert.match(said('precision'), /llm\.c's Makefile/);
    assert.equal(e.tokens, 9.9e9);
  });

  /** One of llm.c's scripts, analysed as written, then on the hardware its header names. */
  async function scriptRun(file: string, gpu: string): Promise<{ job: Job; hours: number; tokens: number }> {
    const p = fixturePath(`llmc/${file}`);
    const r = await analyze({ path: p, text: fs.readFileSync(p, 'utf8') }, { files: diskFileAccess([fixturesDir]) });
    const job = r.jobs[0];
    assert.ok(job, `${file}: a job`);
    const at = job.anchor;
    job.hardware = { gpu: { value: gpu, source: { kind: 'annotation', range: at, key: 'gpu' } }, gpuCount: { value: 8, source: { kind: 'annotation', range: at, key: 'gpu' } } };
    const e = estimateJob(job)!;
    assert.ok(e.hours && e.tokens, `${file}: ${e.missing}`);
    return { job, hours: e.hours, tokens: e.tokens };
  }

  // Published: scripts/run_gpt2_124M.sh "18,865 steps of 524,288 tokens/step ... training time
  // 18,865 * 300ms = 94.3 min" on 8X A100 80GB; run_gpt2_1558M.sh "32,000 steps ... 24 hours" on
  // 8X H100. The tokens must match; the hours are printed (docs/cost-model.md reports the error).
  test("llm.c's own scripts: the tokens their headers state, and the time within 2x of it", async () => {
    const small = await scriptRun('run_gpt2_124M.sh', 'A100-80GB');
    assert.ok(Math.abs(small.tokens / (18_865 * 524_288) - 1) < 0.01, `124M tokens ${small.tokens}`);
    const xl = await scriptRun('run_gpt2_1558M.sh', 'H100');
    assert.equal(xl.tokens, 32_000 * 1_048_576);
    const rows = [
      ['run_gpt2_124M.sh', small.hours, 94.3 / 60],
      ['run_gpt2_1558M.sh', xl.hours, 24],
    ] as const;
    for (const [name, est, pub] of rows) {
      console.log(`${name}: estimated ${est.toFixed(2)} h, published ${pub.toFixed(2)} h (${est / pub >= 1 ? '+' : ''}${((est / pub - 1) * 100).toFixed(0)}%)`);
      assert.ok(est / pub < 2 && est / pub > 0.5, `${name}: ${est.toFixed(2)} h vs ${pub} h`);
    }
  });

  test('a script keeping every checkpoint is told to set -nk', async () => {
    const p = fixturePath('llmc/run_gpt2_1558M.sh');
    const r = await analyze({ path: p, text: fs.readFileSync(p, 'utf8') }, { files: diskFileAccess([fixturesDir]) });
    const f = r.findings.find((x) => x.rule === 'checkpoint-retention');
    assert.ok(f, 'checkpoint-retention fires: -n 2000 over 32,000 steps, no -nk');
    assert.match(f.message, /`-nk 3` on the llm\.c command line/);
    assert.doesNotMatch(f.message, /load_best_model_at_end/);
    const edits = (f.fixes ?? []).filter((x) => !/^Ignore /.test(x.title));
    assert.deepEqual(edits, [], 'no flag of another tool is added to an llm.c command (only the suppressions are offered)');
  });

  test('a one-epoch run (no -x) counts its saves over the epoch\'s steps', async () => {
    const p = fixturePath('llmc/run_gpt2_124M.sh');
    const orig = fs.readFileSync(p, 'utf8');
    const often = orig.replace('-n 5000 \\', '-n 1000 \\');
    assert.notEqual(often, orig, 'the edit applied');
    const r = await analyze({ path: p, text: often }, { files: diskFileAccess([fixturesDir]) });
    const f = r.findings.find((x) => x.rule === 'checkpoint-retention');
    assert.ok(f, 'fires: 18 saves over one epoch of FineWeb 10B');
    assert.match(f.message, /about 18 checkpoints/);
    const rare = await analyze({ path: p, text: orig }, { files: diskFileAccess([fixturesDir]) });
    assert.ok(!rare.findings.some((x) => x.rule === 'checkpoint-retention'), '-n 5000: 3 saves, under the threshold');
  });

  test('-nk keeps the checkpoint count in bounds: no checkpoint-retention finding', async () => {
    const p = fixturePath('llmc/run_gpt2_1558M.sh');
    const text = fs.readFileSync(p, 'utf8').replace('-n 2000 \\', '-n 2000 -nk 3 \\');
    assert.notEqual(text, fs.readFileSync(p, 'utf8'), 'the edit applied');
    const r = await analyze({ path: p, text }, { files: diskFileAccess([fixturesDir]) });
    assert.equal(r.jobs[0]?.checkpoint?.retention?.value, 3);
    assert.ok(!r.findings.some((x) => x.rule === 'checkpoint-retention'));
  });
});
