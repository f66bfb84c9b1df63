import { modelParameters } from '../server/src/engine/cost/models';
import type { Job } from '../server/src/engine/types';

/** The job's parameter count and where it comes from: stated, or a known model id. */
export function jobParameters(job: Job): { parameters: number; basis: string } | undefined {
  const m = job.model;
  if (m?.parameters) return { parameters: m.parameters.value, basis: 'stated in the config' };
  if (!m?.id) return undefined;
  const hit = modelParameters(m.id.value);
  return hit ? { parameters: hit.parameters, basis: hit.basis } : undefined;
}
