// One broken rule must not take the others down: the engine logs it once and the rest still report,
// in the engine and through the built language server.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { analyze } from '../../../server/src/engine/analyze';
import type { Rule } from '../../../server/src/engine/rule';
import { RULES } from '../../../rules';
import { fixturePath } from '../../helpers';
import { copyWorkspace, fileUri, LspSession } from '../../lsp/lspSession';

/** A rule that always throws; its id is unique per test because the engine logs a rule once per process. */
function throwingRule(id: string): Rule {
  return {
    id,
    title: 'always throws',
    defaultSeverity: 'warning',
    check() {
      throw new Error(`boom from ${id}`);
    },
  };
}

const FILE = fixturePath('hf/trainer-fp32-explicit.yaml');
const TEXT = fs.readFileSync(FILE, 'utf8');

describe('fault isolation in the engine', () => {
  it('a throwing rule is logged once over repeated analyses; the real rules still report', async () => {
    const bad = throwingRule('robustness-throws-a');
    const baseline = await analyze({ path: FILE, text: TEXT });
    assert.ok(baseline.findings.some((f) => f.rule === 'fp32-training'), 'the fixture has a real finding to keep');
    const lines: string[] = [];
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await analyze({ path: FILE, text: TEXT }, { rules: [bad, ...RULES], log: (m) => lines.push(m) }));
    const mentions = lines.filter((l) => l.includes('robustness-throws-a'));
    assert.equal(mentions.length, 1, `log lines about the failing rule: ${JSON.stringify(mentions)}`);
    assert.match(mentions[0], /rule robustness-throws-a failed and was skipped: Error: boom from robustness-throws-a/);
    for (const r of runs) assert.deepEqual(r.findings, baseline.findings);
  });

  it('a rule that throws after others have run changes nothing else, in every format', async () => {
    const bad = throwingRule('robustness-throws-b');
    const lines: string[] = [];
    for (const rel of ['python/torch_fp32_loop.py', 'kubernetes/job-gke-spot-bash.yaml', 'hf/training-args.json']) {
      const p = fixturePath(rel);
      const text = fs.readFileSync(p, 'utf8');
      const baseline = await analyze({ path: p, text });
      const r = await analyze({ path: p, text }, { rules: [...RULES, bad], log: (m) => lines.push(m) });
      assert.ok(baseline.findings.length > 0, `${rel} has findings`);
      assert.deepEqual(r.findings, baseline.findings, rel);
    }
    assert.equal(lines.filter((l) => l.includes('robustness-throws-b')).length, 1);
  });
});

describe('fault isolation in the language server (MLCOST_TEST_FAULTY_RULE=1)', () => {
  let session: LspSession | undefined;
  let ws: string | undefined;
  after(() => {
    session?.dispose();
    if (ws) fs.rmSync(ws, { recursive: true, force: true });
  });

  it('diagnostics from the real rules still arrive and the failing rule is logged once', { timeout: 60_000 }, async () => {
    ws = copyWorkspace();
    const p = path.join(ws, 'trainer-fp32-explicit.yaml');
    fs.writeFileSync(p, TEXT);
    const uri = fileUri(p);
    // The child inherits the environment at spawn; nothing else in this process reads the variable.
    process.env.MLCOST_TEST_FAULTY_RULE = '1';
    try {
      session = await LspSession.start({ workspaceDir: ws, settings: { debounceMs: 0 } });
    } finally {
      delete process.env.MLCOST_TEST_FAULTY_RULE;
    }
    const first = session.expectVersion(uri, 1);
    await session.open(uri, TEXT);
    const d1 = await first;
    assert.ok(d1.diagnostics.some((d) => d.code === 'fp32-training'), `fp32-training among ${JSON.stringify(d1.diagnostics.map((d) => d.code))}`);
    assert.ok(!d1.diagnostics.some((d) => d.code === 'test-faulty-rule'));
    await session.expectLog(/rule test-faulty-rule failed/);
    // Two more analyses of the same document: still diagnostics, still one log line.
    for (const version of [2, 3]) {
      const next = session.expectVersion(uri, version);
      await session.change(uri, version, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '#' }]);
      const d = await next;
      assert.ok(d.diagnostics.some((x) => x.code === 'fp32-training'), `version ${version}`);
    }
    const mentions = session.logs.filter((m) => m.message.includes('test-faulty-rule'));
    assert.equal(mentions.length, 1, JSON.stringify(mentions.map((m) => m.message.split('\n')[0])));
    assert.equal(mentions[0].type, 2, 'logged as a warning');
  });
});
