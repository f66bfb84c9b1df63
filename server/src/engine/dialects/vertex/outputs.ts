import { byDefault, fromFile } from '../../facts';
import type { CheckpointFacts, Job, Range } from '../../types';
import { VERTEX_LONG_RUN_HOURS, VERTEX_NO_OUTPUT_REASON } from './machines';

// Where a Vertex custom job's checkpoints survive: the base output directory Vertex hands the job
// (AIP_CHECKPOINT_DIR, AIP_MODEL_DIR under it), else what the command line says.

export interface OutputDir {
  prefix: string;
  range: Range;
  /** `outputUriPrefix` (config file) or `base_output_dir` (SDK). */
  key: string;
}

/** Cloud Storage FUSE: Vertex mounts the project's buckets at /gcs/<bucket> in every worker. */
export const GCS_FUSE = '/gcs';

/** The environment Vertex sets from the base output directory. */
export function outputEnv(prefix: string | undefined): Map<string, string> {
  const env = new Map<string, string>();
  if (prefix) {
    env.set('AIP_MODEL_DIR', `${prefix}/model`);
    env.set('AIP_CHECKPOINT_DIR', `${prefix}/checkpoints`);
    env.set('AIP_TENSORBOARD_LOG_DIR', `${prefix}/logs`);
  }
  return env;
}

/** With no checkpoint path on the command line, the base output directory is where Vertex tells the job to write. */
export function withOutputDirectory(ck: CheckpointFacts | undefined, output: OutputDir | undefined): CheckpointFacts | undefined {
  if (!output || ck?.location) return ck;
  const durable = /^(gs|gcs):\/\//i.test(output.prefix) || output.prefix.startsWith(GCS_FUSE + '/');
  return {
    ...ck,
    location: fromFile(`${output.prefix}/checkpoints`, output.range, output.key),
    storage: durable ? fromFile('durable', output.range, output.key) : byDefault('unknown', `${output.key} is not a gs:// URI written in this file`, output.range),
  };
}

/**
 * A long Vertex job (timeout of VERTEX_LONG_RUN_HOURS or more) with nothing durable to write to
 * keeps its checkpoints on the worker: a failure mid-run restarts from zero, on-demand too.
 * Spot jobs are left to spot-without-checkpoint; a command line that already says where (or that
 * it saves nothing) keeps its own reading.
 */
export function longRunWithoutOutput(job: Job): void {
  const hours = job.schedule?.hours;
  if (!hours || hours.value < VERTEX_LONG_RUN_HOURS || hours.source.kind !== 'file' || job.spot?.value === true) return;
  const c = job.checkpoint;
  if (c?.storage || c?.periodic?.value === false) return;
  job.checkpoint = { ...c, storage: byDefault('ephemeral', VERTEX_NO_OUTPUT_REASON, hours.source.range) };
}
