// Seeded fuzz over every fixture (see fuzz.ts). `npm run fuzz` runs a longer version with any seed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MUTATION_NAMES } from './mutations';
import { fuzzFixtures, runFuzz } from './fuzz';

const SEED = 20_240_611;
/** At least 1,000, and a whole number of rounds over the fixtures so each gets the same share. */
const CASES = Math.max(1000, Math.ceil(1000 / fuzzFixtures().length) * fuzzFixtures().length);
/** Generous, in CPU time: a case that takes this long on any machine is a hang in the making. */
const CASE_CAP_MS = 1000;

describe('fuzz: mutated fixtures through analyze()', () => {
  it(`${CASES} seeded cases: never throws, each within ${CASE_CAP_MS} ms of CPU, ranges and fixes stay in the text`, { timeout: 180_000 }, async (t) => {
    const s = await runFuzz({ cases: CASES, seed: SEED });
    t.diagnostic(
      `seed ${SEED}: ${s.cases} cases over ${s.fixtures} fixtures; max ${s.maxMs.toFixed(0)} ms CPU / ${s.maxWallMs.toFixed(0)} ms wall (case ${s.slowest.caseNo}, ${s.slowest.fixture}, ${s.slowest.ops.join('+')}, ${s.slowest.chars} chars); ` +
        `${s.skipped} skipped, ${s.withParseErrors} with parse errors, ${s.withFindings} with findings, ${s.fixesChecked} fixes checked; ops ${JSON.stringify(s.opCounts)}`,
    );
    assert.deepEqual(s.failures.slice(0, 5), [], `${s.failures.length} failing cases (replay: npm run fuzz -- --seed ${SEED} --cases ${CASES})`);
    assert.ok(s.cases >= 1000, `ran ${s.cases} cases`);
    assert.equal(s.fixturesCovered, s.fixtures, 'every fixture mutated');
    for (const op of MUTATION_NAMES) assert.ok(s.opCounts[op] >= 20, `${op} applied ${s.opCounts[op]} times`);
    assert.ok(s.maxMs < CASE_CAP_MS, `slowest case took ${s.maxMs.toFixed(0)} ms of CPU: case ${s.slowest.caseNo} (${s.slowest.fixture}, ${s.slowest.ops.join('+')})`);
    // The mutations must not all be rejected up front: most cases reach the dialects and rules.
    assert.ok(s.skipped < s.cases / 4, `${s.skipped} of ${s.cases} cases were skipped before parsing`);
    assert.ok(s.withFindings > s.cases / 10, `only ${s.withFindings} cases still had findings`);
  });
});
