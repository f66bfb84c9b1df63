// Realistic large inputs built from the fixtures: a Kubernetes multi-document file, an HF
// TrainingArguments JSON padded with real-looking keys, a training script padded with functions.
import * as fs from 'fs';
import * as path from 'path';
import { fixturesDir } from '../test/helpers';

const read = (rel: string) => fs.readFileSync(path.join(fixturesDir, rel), 'utf8');

function toLines(parts: (i: number) => string, lines: number, head = ''): string {
  let out = head;
  for (let i = 0; out.split('\n').length < lines; i++) out += parts(i);
  return out; // whole parts only: a cut would leave a broken document or function
}

export function yamlOf(lines: number): string {
  const job = read('kubernetes/job-gke-spot-bash.yaml');
  const cm = read('kubernetes/configmap-service.yaml');
  return toLines((i) => `---\n# replica set ${i}\n${(i % 3 === 2 ? cm : job).replace('gpt2-pretrain', `gpt2-pretrain-${i}`)}`, lines);
}

export function jsonOf(lines: number): string {
  const base = JSON.parse(read('hf/training-args.json')) as Record<string, unknown>;
  const keys = ['logging_dir', 'eval_steps', 'warmup_ratio', 'weight_decay', 'adam_beta2', 'seed', 'run_name', 'report_to', 'dataloader_num_workers', 'lr_scheduler_type'];
  const body = Object.entries(base).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  const pad: string[] = [];
  for (let i = 0; body.length + pad.length < lines - 2; i++) {
    const k = keys[i % keys.length];
    pad.push(i % 7 === 0 ? `  // ${k} for sweep ${i}: kept for the record` : `  "${k}_${i}": ${i % 2 ? i / 100 : JSON.stringify(`value-${i}`)}`);
  }
  // JSONC: comments need no comma before them; a comment line carries none either.
  const all = [...body, ...pad];
  const withCommas = all.map((l, i) => (l.trimStart().startsWith('//') || i === all.length - 1 ? l : `${l},`));
  return `{\n${withCommas.join('\n')}\n}\n`;
}

export function pythonOf(lines: number): string {
  const script = read('python/torch_fp32_loop.py');
  const [head, tail] = script.split('\n\ndef main():');
  const helper = (i: number) =>
    `\n\ndef helper_${i}(batch, scale=${i}):\n    """Normalise batch ${i} before the step."""\n    out = []\n    for row in batch:\n        if row is None:\n            continue\n        out.append([v * scale for v in row])\n    return out\n`;
  const body = toLines(helper, Math.max(1, lines - script.split('\n').length), head);
  return `${body}\n\ndef main():${tail}`;
}
