import type { StorageKind } from '../../types';

// Whether a checkpoint written to a path survives losing the machine.

const DURABLE = /^(s3a?|gs|gcs|az|abfss?|wasbs?|hf|oss|r2):\/\//i;
const EPHEMERAL = /^(\/tmp|\/var\/tmp|\/dev\/shm|\/scratch\/local)(\/|$)/;

export function storageOf(path: string): StorageKind {
  if (DURABLE.test(path)) return 'durable';
  if (EPHEMERAL.test(path)) return 'ephemeral';
  return 'unknown';
}
