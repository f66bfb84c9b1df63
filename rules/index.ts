import type { Rule } from '../server/src/engine/rule';
import { checkpointRetention } from './checkpoint-retention';
import { csvDataset } from './csv-dataset';
import { dataloaderWorkers } from './dataloader-workers';
import { fp32Training } from './fp32-training';
import { gridSearch } from './grid-search';
import { noCheckpointing } from './no-checkpointing';
import { noEarlyStopping } from './no-early-stopping';
import { oversizedGpu } from './oversized-gpu';
import { smallBatch } from './small-batch';
import { spotEligible } from './spot-eligible';
import { spotWithoutCheckpoint } from './spot-without-checkpoint';
import { missingCostTags } from './missing-cost-tags';
import { noAutostop } from './no-autostop';
import { storageLifecycle } from './storage-lifecycle';
import { servingAutoscaling } from './serving-autoscaling';

/** Every rule. Adding one = its module and doc (`<id>.md`) beside this file, and one line here. */
export const RULES: readonly Rule[] = [
  fp32Training,
  noCheckpointing,
  spotWithoutCheckpoint,
  oversizedGpu,
  csvDataset,
  spotEligible,
  gridSearch,
  checkpointRetention,
  noEarlyStopping,
  smallBatch,
  dataloaderWorkers,
  missingCostTags,
  noAutostop,
  storageLifecycle,
  servingAutoscaling,
];
