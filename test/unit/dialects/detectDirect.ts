import * as fs from 'fs';
import type { Dialect } from '../../../server/src/engine/dialect';
import { disposeSource, formatOf, parseSource } from '../../../server/src/engine/source';
import type { AnalysisContext, Job } from '../../../server/src/engine/types';
import { fixturePath } from '../../helpers';

/**
 * Runs one dialect alone on a fixture (no other files visible), so a negative test says this
 * dialect stays off the file whichever dialect comes before it in the registry.
 */
export async function detectDirect(dialect: Dialect, rel: string): Promise<Job[]> {
  const path = fixturePath(rel);
  const format = formatOf(path);
  if (!format) throw new Error(`no format for ${rel}`);
  const doc = await parseSource(format, fs.readFileSync(path, 'utf8'));
  const ctx: AnalysisContext = { path, files: { read: () => undefined }, log: () => {}, linked: async () => undefined };
  try {
    return dialect.formats.includes(format) ? await dialect.detect(doc, ctx) : [];
  } finally {
    disposeSource(doc);
  }
}
