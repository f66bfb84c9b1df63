import type { Dialect } from '../dialect';
import type { SourceDoc } from '../source';
import type { Job } from '../types';
import { hfCheckpoint } from './hf/checkpoint';
import { anchorOf, configRoot } from './hf/configNode';
import { hfDataLoading } from './hf/dataLoading';
import { hfDatasets } from './hf/datasets';
import { hfEditor } from './hf/editor';
import { hfGeneration } from './hf/generation';
import { FLAVOUR_NAMES, flavourOf, isSurelyTrainingArguments, looksLikeHfConfig } from './hf/flavour';
import { hfPrecision } from './hf/precision';
import { hfBatch, hfModel, hfSchedule, hfWorkload } from './hf/training';

/**
 * Hugging Face-family training configs, YAML or JSON: TrainingArguments dumps and example-script
 * configs, TRL / alignment-handbook recipes, LLaMA-Factory and axolotl. One job per file. These
 * files never say which hardware runs them, so hardware and spot stay absent.
 */
export const hfConfigDialect: Dialect = {
  id: 'hf-config',
  formats: ['yaml', 'json'],
  detect: (doc) => detectHfConfig(doc),
};

function detectHfConfig(doc: SourceDoc): Job[] {
  const root = configRoot(doc);
  if (!root || !looksLikeHfConfig(root)) return [];
  const flavour = flavourOf(root, doc.text);
  const workload = hfWorkload(root, flavour);
  const training = workload === 'training';
  // A handful of generic hyper-parameter names is not enough to assume transformers' fp32 default.
  const withDefault = training && (flavour !== 'trainer' || isSurelyTrainingArguments(root));
  const job: Job = {
    dialect: 'hf-config',
    name: FLAVOUR_NAMES[flavour],
    workload,
    anchor: anchorOf(doc, root),
    datasets: hfDatasets(root),
    linkedFiles: [],
  };
  const precision = hfPrecision(root, flavour, doc.lines, withDefault);
  if (precision) job.precision = precision;
  if (training) {
    job.checkpoint = hfCheckpoint(root, flavour);
    const schedule = hfSchedule(root, flavour);
    if (schedule) job.schedule = schedule;
  }
  const model = hfModel(root, flavour);
  if (model) job.model = model;
  const generation = workload === 'inference' ? hfGeneration(root, flavour) : undefined;
  if (generation) job.generation = generation;
  const batch = hfBatch(root);
  if (batch) job.batch = batch;
  if (training) {
    const loading = hfDataLoading(root, flavour);
    if (loading) job.dataLoading = loading;
  }
  job.editor = hfEditor(doc, flavour, job);
  return [job];
}
