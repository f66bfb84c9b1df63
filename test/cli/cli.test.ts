import { test, describe } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { RULES } from '../../rules';
import { allRulesOff, BIN, FIX, fixturePath, jsonFindings, mlcost, repoRoot, scratchCopy, write } from './run';

// Runs the BUILT CLI (dist/cli.js, bin/mlcost.js) on the files in test/fixtures/cli.
// Tests marked [rule] need the hf-config dialect and the fp32-training rule to report
// `bf16: false` in hf-fp32.yaml (line 13, `bf16: false` = columns 1-12).

const FP32 = `${FIX}/hf-fp32.yaml`;
const BF16 = `${FIX}/hf-bf16.yaml`;
const WORKFLOW = `${FIX}/workflow.yml`;
const ANSI = /\x1b\[/;
const pkgVersion = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

describe('commands', () => {
  test('--help prints usage and exits 0', () => {
    const r = mlcost(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /mlcost check \[paths\.\.\.\]/);
    assert.match(r.stdout, /--fail-on/);
  });

  test('--version prints package.json version, through dist/cli.js and bin/mlcost.js', () => {
    assert.equal(mlcost(['--version']).stdout, `${pkgVersion}\n`);
    const viaBin = mlcost(['--version'], { entry: BIN });
    assert.equal(viaBin.code, 0);
    assert.equal(viaBin.stdout, `${pkgVersion}\n`);
  });

  test('bin/mlcost.js is an executable node script', () => {
    const text = fs.readFileSync(BIN, 'utf8');
    assert.ok(text.startsWith('#!/usr/bin/env node\n'));
    assert.ok(fs.statSync(BIN).mode & 0o111, 'bin/mlcost.js must be executable');
  });

  test('rules lists every rule with its default severity and title', () => {
    const r = mlcost(['rules']);
    assert.equal(r.code, 0);
    assert.ok(RULES.length > 0, 'no rules registered');
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, RULES.length);
    for (const rule of RULES) {
      assert.ok(
        lines.some((l) => l.split(/\s{2,}/).join('|') === `${rule.id}|${rule.defaultSeverity}|${rule.title}`),
        `missing ${rule.id} in:\n${r.stdout}`,
      );
    }
    const json = JSON.parse(mlcost(['rules', '--format', 'json']).stdout) as { rules: { id: string; defaultSeverity: string }[] };
    assert.deepEqual(json.rules.map((x) => x.id), RULES.map((x) => x.id));
  });
});

describe('usage errors exit 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown option', ['check', '--bogus', WORKFLOW], /bogus/],
    ['unknown format', ['check', '--format', 'xml', WORKFLOW], /--format must be one of text\|json\|sarif/],
    ['unknown --fail-on level', ['check', '--fail-on', 'fatal', WORKFLOW], /--fail-on must be one of/],
    ['bad --rule level', ['check', '--rule', 'fp32-training=loud', WORKFLOW], /--rule fp32-training must be one of off\|error/],
    ['malformed --rule', ['check', '--rule', 'fp32-training', WORKFLOW], /--rule expects id=level/],
    ['unknown rule id', ['check', '--rule', 'no-such-rule=off', WORKFLOW], /unknown rule 'no-such-rule'/],
    ['unknown command', ['lint', WORKFLOW], /unknown command 'lint'/],
    ['no command', [], /missing command/],
    ['missing path', ['check', WORKFLOW, `${FIX}/does-not-exist.yaml`], /no such file or folder: test\/fixtures\/cli\/does-not-exist\.yaml/],
  ];
  for (const [name, args, message] of cases) {
    test(name, () => {
      const r = mlcost(args);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '', 'nothing is analysed after a usage error');
    });
  }
});

describe('text format', () => {
  test('a file with no findings: summary only, exit 0', () => {
    const r = mlcost(['check', WORKFLOW]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'No problems found in 1 file\n');
    assert.equal(r.stderr, '');
  });

  test('[rule] path:line:col  severity  message  [rule-id], then a summary; no colour on a pipe', () => {
    const r = mlcost(['check', FP32]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^test\/fixtures\/cli\/hf-fp32\.yaml:13:1  warning  \S.*  \[fp32-training\]$/m);
    assert.match(r.stdout, /\n\n\d+ problems? \(\d+ errors?, [1-9]\d* warnings?, \d+ info\) in 1 file\n$/);
    assert.doesNotMatch(r.stdout, ANSI);
  });

  // A real TTY via util-linux `script`; skipped where it is missing (macOS has another syntax).
  const hasScript = process.platform === 'linux' && spawnSync('script', ['--version']).status === 0;
  test('[rule] colour on a TTY, none when NO_COLOR is set', { skip: !hasScript && 'needs util-linux script' }, () => {
    const onTty = (env: Record<string, string | undefined>) =>
      spawnSync('script', ['-qec', `"${process.execPath}" dist/cli.js check ${FP32}`, '/dev/null'], { cwd: repoRoot, env, encoding: 'utf8' }).stdout;
    assert.match(onTty({ ...process.env, NO_COLOR: undefined }), /\x1b\[33mwarning/);
    assert.doesNotMatch(onTty({ ...process.env, NO_COLOR: '1' }), ANSI);
  });

  test('[rule] NO_COLOR and a pipe both keep output plain', () => {
    const r = mlcost(['check', FP32], { env: { NO_COLOR: '1' } });
    assert.doesNotMatch(r.stdout, ANSI);
    assert.match(r.stdout, /\[fp32-training\]/);
  });
});

describe('json format', () => {
  test('no findings: {"findings": [], "estimates": []}', () => {
    const r = mlcost(['check', '--format', 'json', WORKFLOW]);
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout), { findings: [], estimates: [] });
  });

  test('[rule] shape, 1-based positions, relative paths, sorted output', () => {
    const r = mlcost(['check', '--format', 'json', FIX]);
    assert.equal(r.code, 1, r.stderr);
    const findings = jsonFindings(r);
    const fp32 = findings.filter((f) => f.rule === 'fp32-training');
    assert.equal(fp32.length, 1, JSON.stringify(findings, null, 1));
    assert.deepEqual(Object.keys(fp32[0]), ['file', 'line', 'column', 'endLine', 'endColumn', 'rule', 'severity', 'message']);
    assert.deepEqual(
      { ...fp32[0], message: typeof fp32[0].message },
      { file: FP32, line: 13, column: 1, endLine: 13, endColumn: 12, rule: 'fp32-training', severity: 'warning', message: 'string' },
    );
    assert.ok(fp32[0].message.length > 20);
    for (const f of findings) {
      assert.ok(!path.isAbsolute(f.file) && f.file.startsWith(`${FIX}/`), f.file);
      assert.notEqual(f.file, WORKFLOW, 'the workflow must stay silent');
    }
    const keys = findings.map((f) => [f.file, f.line, f.column] as const);
    const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || a[2] - b[2]));
    assert.deepEqual(keys, sorted);
  });

  test('[rule] the bf16 twin has no fp32-training finding', () => {
    const r = mlcost(['check', '--format', 'json', BF16]);
    assert.deepEqual(jsonFindings(r).filter((f) => f.rule === 'fp32-training'), []);
  });

  test('[rule] an absolute path stays absolute', () => {
    const abs = fixturePath('cli/hf-fp32.yaml');
    const findings = jsonFindings(mlcost(['check', '--format', 'json', abs]));
    assert.ok(findings.length > 0);
    assert.ok(findings.every((f) => f.file === abs));
  });

  test('output is identical from run to run', () => {
    const a = mlcost(['check', '--format', 'json', FIX]);
    const b = mlcost(['check', '--format', 'json', FIX]);
    assert.equal(a.stdout, b.stdout);
  });
});

describe('sarif format', () => {
  const schema = JSON.parse(fs.readFileSync(fixturePath('sarif/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
  // unicodeRegExp off: the published schema's `language` pattern is not valid with the u flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  interface Sarif {
    version: string;
    runs: {
      tool: { driver: { name: string; version: string; rules: { id: string; shortDescription: { text: string }; defaultConfiguration: { level: string }; helpUri?: string }[] } };
      originalUriBaseIds: Record<string, { uri: string }>;
      results: {
        ruleId: string;
        ruleIndex: number;
        level: string;
        locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number> } }[];
      }[];
    }[];
  }
  const sarifOf = (args: string[]) => {
    const r = mlcost(['check', '--format', 'sarif', ...args]);
    const log = JSON.parse(r.stdout) as Sarif;
    assert.ok(validate(log), ajv.errorsText(validate.errors));
    return { r, log };
  };

  test('a clean run validates and lists every rule in tool.driver', () => {
    const { r, log } = sarifOf([WORKFLOW]);
    assert.equal(r.code, 0);
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.name, 'mlcost');
    assert.equal(driver.version, pkgVersion);
    assert.deepEqual(driver.rules.map((x) => x.id), RULES.map((x) => x.id));
    for (const [i, rule] of RULES.entries()) {
      assert.equal(driver.rules[i].shortDescription.text, rule.title);
      const level = rule.defaultSeverity === 'error' || rule.defaultSeverity === 'warning' ? rule.defaultSeverity : 'note';
      assert.equal(driver.rules[i].defaultConfiguration.level, level);
      if (fs.existsSync(path.join(repoRoot, 'rules', `${rule.id}.md`))) assert.match(driver.rules[i].helpUri ?? '', new RegExp(`^file://.*/rules/${rule.id}\\.md$`));
    }
    assert.match(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri, /^file:\/\/.*\/$/);
    assert.deepEqual(log.runs[0].results, []);
  });

  test('[rule] results carry ruleId, ruleIndex, level and a relative 1-based location', () => {
    const { r, log } = sarifOf([FIX]);
    assert.equal(r.code, 1);
    const run = log.runs[0];
    const res = run.results.filter((x) => x.ruleId === 'fp32-training');
    assert.equal(res.length, 1);
    assert.equal(run.tool.driver.rules[res[0].ruleIndex].id, 'fp32-training');
    assert.equal(res[0].level, 'warning');
    assert.deepEqual(res[0].locations[0].physicalLocation.artifactLocation, { uri: FP32, uriBaseId: '%SRCROOT%' });
    assert.deepEqual(res[0].locations[0].physicalLocation.region, { startLine: 13, startColumn: 1, endLine: 13, endColumn: 12 });
  });

  test('[rule] info findings become SARIF notes', () => {
    const { log } = sarifOf(['--rule', 'fp32-training=info', FP32]);
    assert.equal(log.runs[0].results.find((x) => x.ruleId === 'fp32-training')?.level, 'note');
  });
});

describe('exit codes and severities', () => {
  test('[rule] a warning fails the default --fail-on warning', () => {
    assert.equal(mlcost(['check', FP32]).code, 1);
  });

  test('[rule] --fail-on error with only warnings exits 0 but still reports', () => {
    const r = mlcost(['check', '--fail-on', 'error', FP32]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /\[fp32-training\]/);
  });

  test('[rule] --fail-on none always exits 0', () => {
    assert.equal(mlcost(['check', '--fail-on', 'none', '--rule', 'fp32-training=error', FP32]).code, 0);
  });

  test('[rule] --rule fp32-training=off silences it', () => {
    const r = mlcost(['check', '--format', 'json', '--rule', 'fp32-training=off', FP32]);
    assert.equal(r.code, 0, r.stdout);
    assert.deepEqual(jsonFindings(r).filter((f) => f.rule === 'fp32-training'), []);
  });

  test('[rule] --rule raises a level: error fails --fail-on error; info passes the default', () => {
    const err = mlcost(['check', '--format', 'json', '--fail-on', 'error', '--rule', 'fp32-training=error', FP32]);
    assert.equal(err.code, 1);
    assert.equal(jsonFindings(err).find((f) => f.rule === 'fp32-training')?.severity, 'error');
    const info = mlcost(['check', '--rule=fp32-training=info', FP32]);
    assert.equal(info.code, 0);
    assert.match(info.stdout, /:13:1  info     .*\[fp32-training\]/);
    assert.equal(mlcost(['check', '--fail-on', 'info', '--rule=fp32-training=info', FP32]).code, 1);
  });

  test('[rule] --quiet shows only failing findings', () => {
    const r = mlcost(['check', '--quiet', '--fail-on', 'error', FP32]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '');
    assert.match(mlcost(['check', '--quiet', FP32]).stdout, /\[fp32-training\]/);
  });

  test('[rule] .mlcost.yaml sets levels; --rule wins over it', () => {
    const dir = scratchCopy();
    try {
      write(dir, '.mlcost.yaml', 'rules:\n  fp32-training: off\n');
      const off = mlcost(['check', '--format', 'json', 'hf-fp32.yaml'], { cwd: dir });
      assert.deepEqual(jsonFindings(off).filter((f) => f.rule === 'fp32-training'), []);
      const on = mlcost(['check', '--format', 'json', '--rule', 'fp32-training=error', 'hf-fp32.yaml'], { cwd: dir });
      assert.equal(jsonFindings(on).find((f) => f.rule === 'fp32-training')?.severity, 'error');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('files', () => {
  test('binary and malformed files do not crash: one skipped line for the binary, nothing for the rest', () => {
    const r = mlcost(['check', `${FIX}/binary.yaml`, `${FIX}/malformed.yaml`, WORKFLOW]);
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
    assert.equal(r.stderr, `mlcost: skipped ${FIX}/binary.yaml: file looks binary (NUL bytes)\n`);
    assert.match(r.stdout, /in 2 files\n$/);
  });

  test('--verbose forwards the parse error of a malformed file to stderr', () => {
    const r = mlcost(['check', '--verbose', `${FIX}/malformed.yaml`]);
    assert.ok(r.code === 0 || r.code === 1);
    assert.match(r.stderr, /^mlcost: .*malformed\.yaml: /m);
    assert.doesNotMatch(r.stderr, /internal error/);
  });

  test('files over 2 MB are skipped, not read', () => {
    const dir = scratchCopy();
    try {
      write(dir, 'huge.yaml', `# ${'x'.repeat(80)}\n`.repeat(30_000));
      const r = mlcost(['check', 'huge.yaml', 'workflow.yml'], { cwd: dir });
      assert.equal(r.code, 0);
      assert.equal(r.stderr, 'mlcost: skipped huge.yaml: file is larger than 2 MB\n');
      assert.equal(r.stdout, 'No problems found in 1 file\n');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('folders: walks YAML/JSON/Python, skips dependency/build/hidden folders and .gitignore matches', () => {
    const dir = scratchCopy();
    try {
      // Canaries: a binary file anywhere the walker goes would print a "skipped" line.
      const nul = Buffer.from('bf16: false\n\0\0\0\n');
      for (const d of ['node_modules/pkg', '.git', '.github/workflows', 'dist', 'out', 'build', '.venv', 'venv', 'env', '__pycache__', 'lib/site-packages', '.hidden', 'ignored', 'deep/ignored']) {
        write(dir, `${d}/canary.yaml`, nul);
      }
      write(dir, 'node_modules/pkg/hf-fp32.yaml', fs.readFileSync(fixturePath('cli/hf-fp32.yaml')));
      write(dir, 'scratch.local.yaml', nul);
      write(dir, '.gitignore', '# local files\nignored/\n*.local.yaml\n!keep.local.yaml\n/anchored.json\n');
      write(dir, 'anchored.json', nul);
      write(dir, 'keep.local.yaml', 'name: keep\n');
      write(dir, 'sub/anchored.json', '{"a": 1}\n');
      write(dir, 'scripts/train.py', 'print("hello")\n');
      write(dir, 'notes.txt', nul);
      write(dir, '.hidden.yaml', nul);

      const off = allRulesOff(RULES.map((x) => x.id));
      const r = mlcost(['check', ...off], { cwd: dir }); // default path: .
      assert.equal(r.stderr, 'mlcost: skipped binary.yaml: file looks binary (NUL bytes)\n');
      // hf-fp32, hf-bf16, workflow, malformed, keep.local.yaml, sub/anchored.json, scripts/train.py
      // The two HF configs name no hardware: each gets a cost line on an assumed GPU.
      assert.equal(r.stdout.split('\n').filter((l) => !l.includes('  cost  ')).join('\n'), 'No problems found in 7 files\n');
      assert.deepEqual(r.stdout.split('\n').filter((l) => l.includes('  cost  ')).map((l) => l.split(':')[0]), ['hf-bf16.yaml', 'hf-fp32.yaml']);
      assert.equal(r.code, 0);

      const explicit = mlcost(['check', ...off, 'scratch.local.yaml'], { cwd: dir });
      assert.match(explicit.stderr, /skipped scratch\.local\.yaml/, 'a file named explicitly is checked even when ignored');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('[rule] a folder given as ./x reports paths as x/...; node_modules is not walked', () => {
    const dir = scratchCopy();
    try {
      write(dir, 'proj/node_modules/pkg/hf-fp32.yaml', fs.readFileSync(fixturePath('cli/hf-fp32.yaml')));
      write(dir, 'proj/train/hf-fp32.yaml', fs.readFileSync(fixturePath('cli/hf-fp32.yaml')));
      const files = jsonFindings(mlcost(['check', '--format', 'json', './proj/'], { cwd: dir })).map((f) => f.file);
      assert.deepEqual([...new Set(files)], [path.join('proj', 'train', 'hf-fp32.yaml')]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('[rule] bin/mlcost.js runs the same check', () => {
    const viaBin = mlcost(['check', '--format', 'json', FIX], { entry: BIN });
    const viaDist = mlcost(['check', '--format', 'json', FIX]);
    assert.equal(viaBin.code, 1);
    assert.equal(viaBin.stdout, viaDist.stdout);
  });
});
