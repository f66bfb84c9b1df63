// An HPA kept in another folder of the app (`hpa/`, a kustomize overlay) still scales the
// Deployment it names: serving-autoscaling stays silent for it, and only for it.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeFixture, ruleIds } from '../../helpers';

test('kustomize: an HPA in overlays/prod names the base Deployment; another Deployment of the base is still flagged', async () => {
  const scaled = await analyzeFixture('kubernetes/kustomize-app/base/deployment.yaml');
  assert.equal(scaled.jobs[0].scaling?.autoscaled?.value, true, 'the overlay HPA is found');
  assert.ok(!ruleIds(scaled).includes('serving-autoscaling'), ruleIds(scaled).join());
  const other = await analyzeFixture('kubernetes/kustomize-app/base/other-deployment.yaml');
  assert.ok(ruleIds(other).includes('serving-autoscaling'), 'an HPA elsewhere counts only for the Deployment it names');
});

test('an HPA in the hpa/ subfolder scales the Deployment beside it', async () => {
  const r = await analyzeFixture('kubernetes/hpa-subfolder/deployment.yaml');
  assert.ok(!ruleIds(r).includes('serving-autoscaling'), ruleIds(r).join());
});

test('a twin folder (examples/smelly beside examples/clean) is another app: its HPA does not count', async () => {
  const smelly = await analyzeFixture('kubernetes/twins/smelly/deployment.yaml');
  assert.ok(ruleIds(smelly).includes('serving-autoscaling'), ruleIds(smelly).join());
  const clean = await analyzeFixture('kubernetes/twins/clean/deployment.yaml');
  assert.ok(!ruleIds(clean).includes('serving-autoscaling'), 'the HPA beside it counts');
});
