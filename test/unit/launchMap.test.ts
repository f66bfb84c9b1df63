import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LaunchMap } from '../../server/src/engine/launchMap';

test('LaunchMap: reverse links, sorted; changes reported; removal clears', () => {
  const m = new LaunchMap();
  assert.deepEqual(m.set('/w/sky.yaml', ['/w/cfg.yaml', '/w/ds.json']), ['/w/cfg.yaml', '/w/ds.json']);
  assert.deepEqual(m.set('/w/k8s.yaml', ['/w/cfg.yaml']), ['/w/cfg.yaml']);
  assert.deepEqual(m.launchersOf('/w/cfg.yaml'), ['/w/k8s.yaml', '/w/sky.yaml']);
  assert.deepEqual(m.set('/w/sky.yaml', ['/w/ds.json', '/w/cfg.yaml']), [], 'same links in another order: no change');
  assert.deepEqual(m.set('/w/sky.yaml', ['/w/cfg.yaml']), ['/w/ds.json']);
  assert.deepEqual(m.launchersOf('/w/ds.json'), []);
  assert.deepEqual(m.remove('/w/k8s.yaml'), ['/w/cfg.yaml']);
  assert.deepEqual(m.launchersOf('/w/cfg.yaml'), ['/w/sky.yaml']);
  assert.deepEqual(m.set('/w/a.yaml', ['/w/a.yaml']), [], 'a file does not launch itself');
});
