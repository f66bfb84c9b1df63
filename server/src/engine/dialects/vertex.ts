import type { Dialect } from '../dialect';
import type { Job } from '../types';
import { buildVertexJob } from './vertex/job';
import { customJobSpec } from './vertex/spec';

/**
 * Vertex AI custom jobs: the CustomJobSpec YAML of `gcloud ai custom-jobs create --config=`
 * (worker pools with a machine spec and a container or Python package). One job per document.
 * Python launchers (`google.cloud.aiplatform`) are read by the python-script dialect.
 */
export const vertexDialect: Dialect = {
  id: 'vertex',
  formats: ['yaml'],
  async detect(doc, ctx) {
    if (doc.format !== 'yaml') return [];
    const jobs: Job[] = [];
    for (const d of doc.docs) {
      const spec = customJobSpec(d);
      if (spec) jobs.push(await buildVertexJob(d, spec, ctx));
    }
    return jobs;
  },
};
