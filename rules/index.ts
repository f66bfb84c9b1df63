import type { Rule } from '../server/src/engine/rule';
import { csvDataset } from './csv-dataset';
import { fp32Training } from './fp32-training';
import { gridSearch } from './grid-search';
import { noCheckpointing } from './no-checkpointing';
import { oversizedGpu } from './oversized-gpu';
import { spotEligible } from './spot-eligible';
import { spotWithoutCheckpoint } from './spot-without-checkpoint';

/** Every rule. Adding one = its module and doc (`<id>.md`) beside this file, and one line here. */
export const RULES: readonly Rule[] = [fp32Training, noCheckpointing, spotWithoutCheckpoint, oversizedGpu, csvDataset, spotEligible, gridSearch];
