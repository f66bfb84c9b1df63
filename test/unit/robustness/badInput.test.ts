// Hostile files end to end through analyze(): each gets a result and a log line that says what
// happened; a half-broken file still reports what its sound parts say.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze, type AnalysisResult } from '../../../server/src/engine/analyze';
import { fixturePath } from '../../helpers';

const DEEP = 10_000;
/** A hang shows up as this test's timeout rather than a stuck run. */
const HANG = { timeout: 20_000 };

async function run(name: string, text: string): Promise<{ r: AnalysisResult; logs: string[]; path: string }> {
  const path = fixturePath(`robustness/__generated__/${name}`);
  const logs: string[] = [];
  const r = await analyze({ path, text }, { log: (m) => logs.push(m) });
  return { r, logs, path };
}

/** Exactly what the log said about this file (the engine prefixes each line with its path). */
function about(logs: string[], path: string): string[] {
  return logs.filter((l) => l.includes(path));
}

describe('bad input through analyze()', () => {
  it('malformed Terraform and CDK: a parse error logged, the sound parts still read', HANG, async () => {
    const tf = await run('broken.tf', 'resource "aws_instance" "gpu" {\n  instance_type = "p3.2xlarge"\n  tags = { Name = "x" }\n}\nresource "aws_s3_bucket" "b" {\n  bucket = \n');
    assert.ok(tf.r.parseErrors.length > 0);
    assert.ok(about(tf.logs, tf.path).some((l) => /HCL syntax error/.test(l)), JSON.stringify(tf.logs));
    assert.equal(tf.r.jobs.length, 1);
    const ts = await run('broken.ts', "import * as ec2 from 'aws-cdk-lib/aws-ec2';\nnew ec2.Instance(this, 'Box', { instanceType: new ec2.InstanceType('p3.2xlarge') \nfunction (\n");
    assert.ok(ts.r.parseErrors.length > 0);
    assert.ok(about(ts.logs, ts.path).some((l) => /TypeScript syntax error/.test(l)), JSON.stringify(ts.logs));
    assert.equal(ts.r.jobs.length, 1);
  });

  it('huge Terraform: analysed, or refused by the parse-time budget with a log line; never a hang', HANG, async () => {
    const block = (i: number) => `resource "aws_instance" "gpu_${i}" {\n  instance_type = "g5.xlarge"\n  tags = { team = "a", project = "b", Schedule = "office" }\n}\n`;
    const small = await run('many.tf', Array.from({ length: 500 }, (_, i) => block(i)).join(''));
    assert.equal(small.r.jobs.length, 500);
    const huge = await run('huge.tf', Array.from({ length: 8000 }, (_, i) => block(i)).join('')); // ~1 MB
    if (huge.r.skipped) {
      assert.match(huge.r.skipped, /longer than/);
      assert.ok(about(huge.logs, huge.path).length >= 1, 'a log line says why');
    } else assert.equal(huge.r.jobs.length, 8000);
  });

  const deep: [string, string][] = [
    ['deep-flow.yaml', `train:\n  x: ${'['.repeat(DEEP)}${']'.repeat(DEEP)}\n`],
    ['deep-block.yaml', `${'- '.repeat(DEEP)}x\n`],
    ['deep-map.yaml', `a: ${'{a: '.repeat(DEEP)}1${'}'.repeat(DEEP)}\n`],
    ['deep-array.json', `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`],
    ['deep-object.json', `${'{"a": '.repeat(DEEP)}1${'}'.repeat(DEEP)}`],
    ['deep-object.tf', `resource "aws_instance" "x" {\n  tags = ${'{ a = '.repeat(DEEP)}1${'}'.repeat(DEEP)}\n}\n`],
    ['deep-array.ts', `import * as ec2 from 'aws-cdk-lib/aws-ec2';\nconst x = ${'['.repeat(DEEP)}${']'.repeat(DEEP)};\n`],
  ];
  for (const [name, text] of deep) {
    it(`${DEEP}-deep nesting (${name}): refused before parsing, with a log line`, HANG, async () => {
      const { r, logs, path } = await run(name, text);
      assert.match(r.skipped ?? '', /nesting/);
      assert.deepEqual(r.findings, []);
      const lines = about(logs, path);
      assert.ok(lines.length >= 1, `a log line about ${name}: ${JSON.stringify(logs)}`);
      assert.ok(lines.every((l) => l.startsWith('mlcost: ')));
    });
  }

  // Without the nesting guard (inputGuards.ts), a 10,000-deep block sequence after a deep flow
  // collection aborted the whole process ("FATAL ERROR: RegExpCompiler Allocation failed"): V8
  // compiled a regex with the stack nearly exhausted by the yaml parser's recursion.
  it('deep YAML inputs one after another do not abort the process', HANG, () => {
    const engine = path.join(__dirname, '../../../server/src/engine/analyze.js');
    const script = `const { analyze } = require(${JSON.stringify(engine)});
      (async () => {
        await analyze({ path: '/x/a.yaml', text: 'train:\\n  x: ' + '['.repeat(${DEEP}) + ']'.repeat(${DEEP}) + '\\n' });
        await analyze({ path: '/x/b.yaml', text: '- '.repeat(${DEEP}) + 'x\\n' });
        console.log('survived');
      })();`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(r.stdout.trim(), 'survived', r.stderr.split('\n').find((l) => /FATAL|Error/.test(l)));
  });

  it('a file over 2 MB is skipped with a log line that says so', HANG, async () => {
    const text = 'bf16: false\n' + '# padding line of a generated config\n'.repeat(70_000);
    assert.ok(text.length > 2 * 1024 * 1024);
    const { r, logs, path } = await run('huge.yaml', text);
    assert.match(r.skipped ?? '', /larger than 2 MB/);
    assert.deepEqual(about(logs, path), [`mlcost: skipped ${path}: file is larger than 2 MB`]);
    assert.deepEqual(r.findings, []);
  });

  it('a binary file is skipped as binary', HANG, async () => {
    const bytes = Buffer.alloc(64 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 131 + (i >> 7)) & 0xff;
    const { r, logs, path } = await run('weights.json', bytes.toString('utf8'));
    assert.match(r.skipped ?? '', /binary/);
    assert.equal(about(logs, path).length, 1);
  });

  it('text that is mostly not UTF-8 is skipped as such; a few bad bytes in a comment are not', HANG, async () => {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i % 3 === 0 ? 0x41 : 0x80 + (i % 64))));
    const bad = await run('latin.yaml', garbage.toString('utf8'));
    assert.match(bad.r.skipped ?? '', /not valid UTF-8/);
    assert.equal(about(bad.logs, bad.path).length, 1);

    const src = fs.readFileSync(fixturePath('hf/trainer-fp32-explicit.yaml'));
    const withBadBytes = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9, 0xff]), Buffer.from(' config\n'), src]).toString('utf8');
    const ok = await run('trainer.yaml', withBadBytes);
    assert.equal(ok.r.skipped, undefined);
    assert.ok(ok.r.findings.some((f) => f.rule === 'fp32-training'), 'still analysed');
  });

  it('a YAML stream with one broken document still reports the sound one', HANG, async () => {
    const p = fixturePath('robustness/k8s-one-broken-doc.yaml');
    const logs: string[] = [];
    const r = await analyze({ path: p, text: fs.readFileSync(p, 'utf8') }, { log: (m) => logs.push(m) });
    assert.ok(r.parseErrors.length > 0, 'the broken document is reported');
    assert.equal(about(logs, p).length, 1, 'one line for all the parse errors');
    const spot = r.findings.find((f) => f.rule === 'spot-without-checkpoint');
    assert.ok(spot, `spot-without-checkpoint from the first document, got ${JSON.stringify(r.findings.map((f) => f.rule))}`);
    assert.ok(spot.range.start.line < 20, 'reported in the first document');
  });

  it('a Python script with a syntax error still reports what the rest of it says', HANG, async () => {
    const p = fixturePath('robustness/train-syntax-error.py');
    const logs: string[] = [];
    const r = await analyze({ path: p, text: fs.readFileSync(p, 'utf8') }, { log: (m) => logs.push(m) });
    assert.equal(r.parseErrors.length, 1);
    assert.match(about(logs, p)[0] ?? '', /Python syntax error/);
    const rules = r.findings.map((f) => f.rule).sort();
    // torchvision MNIST through a DataLoader without workers: dataloader-workers too.
    assert.deepEqual(rules, ['dataloader-workers', 'fp32-training', 'no-checkpointing']);
  });
});

describe('nesting guard keeps real configs', () => {
  it('a realistically nested config (40 levels) is analysed, not refused', async () => {
    let text = 'trainer:\n';
    for (let i = 1; i <= 40; i++) text += `${'  '.repeat(i)}level${i}:\n`;
    text += `${'  '.repeat(41)}x: [1, [2, [3]]]\n`;
    const r = await analyze({ path: '/x/nested.yaml', text });
    assert.equal(r.skipped, undefined);
  });
  it('a long line of plain text in YAML is analysed, a long line of brackets is refused', async () => {
    const plain = await analyze({ path: '/x/a.yaml', text: `note: ${'word '.repeat(30_000)}\nbf16: false\n` });
    assert.equal(plain.skipped, undefined);
    const brackets = await analyze({ path: '/x/b.yaml', text: `x: ${'[]'.repeat(40_000)}\n` });
    assert.match(brackets.skipped ?? '', /brackets or quotes/);
  });
});
