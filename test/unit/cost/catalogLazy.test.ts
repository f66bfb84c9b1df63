import { it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'path';
import { allInstances } from '../../../server/src/engine/cost/catalog';

// Own file: node --test runs each file in its own process, so nothing else has touched the catalog.
it('does not load the price data until first use', () => {
  const loaded = () => Object.keys(require.cache).some((k) => path.basename(k) === 'instances.json');
  assert.equal(loaded(), false);
  assert.ok(allInstances().length > 0);
  assert.equal(loaded(), true);
});
