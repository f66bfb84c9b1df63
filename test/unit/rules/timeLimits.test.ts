// Rules that count a run's steps or compare its hardware read the job's own time limit
// (Kubernetes activeDeadlineSeconds here): the run it stops is shorter, and a slower GPU that it
// would stop before the work is done is no saving.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText } from '../../helpers';

const job = (deadlineSeconds: number) => `apiVersion: batch/v1
kind: Job
metadata:
  name: clm
spec:
  activeDeadlineSeconds: ${deadlineSeconds}
  template:
    spec:
      nodeSelector:
        cloud.google.com/gke-accelerator: nvidia-h100-80gb
      containers:
        - name: train
          image: huggingface/transformers-pytorch-gpu
          command: ["torchrun", "--nproc_per_node", "8", "run_clm.py", "--model_name_or_path", "gpt2", "--dataset_name", "wikitext", "--max_steps", "200000", "--save_steps", "500", "--bf16"]
          resources:
            limits:
              nvidia.com/gpu: 8
      restartPolicy: Never
`;

test('checkpoint-retention counts the saves the time limit lets the run reach', async () => {
  const long = await analyzeText('job.yaml', job(360000));
  const all = long.findings.find((f) => f.rule === 'checkpoint-retention');
  assert.match(all?.message ?? '', /about 400 checkpoints/);
  const short = await analyzeText('job.yaml', job(3600));
  const e = short.estimates[0];
  assert.ok(e.stoppedAt !== undefined && e.stoppedAt > 0 && e.stoppedAt < 1, String(e.stoppedAt));
  const cut = short.findings.find((f) => f.rule === 'checkpoint-retention');
  const n = Number(/about (\d+) checkpoints/.exec(cut?.message ?? '')?.[1]);
  assert.equal(n, Math.floor(400 * e.stoppedAt!));
  assert.match(cut!.message, /time limit \(activeDeadlineSeconds\) lets it reach about \d+%/);
  const tiny = await analyzeText('job.yaml', job(60));
  assert.ok(!tiny.findings.some((f) => f.rule === 'checkpoint-retention'), 'a run stopped after a few saves keeps few');
});

test('oversized-gpu suggests no GPU that the time limit would stop before the work is done', async () => {
  const long = await analyzeText('job.yaml', job(360000));
  const f = long.findings.find((x) => x.rule === 'oversized-gpu');
  assert.ok(f?.saving, 'with room in the limit the slower, cheaper GPU saves per run');
  assert.equal(long.estimates[0].timeLimitHours, 100);
  const short = await analyzeText('job.yaml', job(3600));
  assert.ok(!short.findings.some((x) => x.rule === 'oversized-gpu'), short.findings.map((x) => x.message).join('\n'));
});
