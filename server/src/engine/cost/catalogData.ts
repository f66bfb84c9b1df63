// The bundled price catalog (data/instances.json, written by scripts/build-catalog.mjs from the
// SkyPilot catalog; see its `meta`). Only catalog.ts loads this module, lazily via require(), so
// parsing the JSON happens on first use, not when the engine is imported.
import raw from './data/instances.json';
import type { CatalogFile } from './catalog';

function check(data: unknown): CatalogFile {
  const d = data as Partial<CatalogFile> | undefined;
  if (!d || !d.meta || !Array.isArray(d.instances) || !Array.isArray(d.gcpAccelerators)) {
    throw new Error('cost/data/instances.json: not a price catalog (run scripts/build-catalog.mjs)');
  }
  for (const i of d.instances) {
    if (typeof i.instanceType !== 'string' || typeof i.onDemand !== 'number') {
      throw new Error(`cost/data/instances.json: bad row ${JSON.stringify(i)}`);
    }
  }
  return d as CatalogFile;
}

export const CATALOG: CatalogFile = check(raw);
