import type { Dialect } from '../dialect';
import { detectSageMakerJobs } from './python/sagemaker';
import { detectTrainingScript } from './python/trainingScript';
import { detectVertexJobs } from './python/vertex';

/**
 * Python training scripts. A SageMaker or Vertex AI launcher script is a launcher, not a training loop: its
 * jobs win. Otherwise at most one training job per file, read from the framework it trains with.
 */
export const pythonScriptDialect: Dialect = {
  id: 'python-script',
  formats: ['python'],
  async detect(doc, ctx) {
    if (doc.format !== 'python') return [];
    const launched = await detectSageMakerJobs(doc, ctx);
    if (launched.length) return launched;
    const vertex = await detectVertexJobs(doc, ctx);
    if (vertex.length) return vertex;
    return detectTrainingScript(doc, ctx);
  },
};
