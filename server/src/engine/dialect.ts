import type { SourceDoc } from './source';
import type { AnalysisContext, FormatKind, Job } from './types';

/**
 * A dialect recognises one family of files (HF TrainingArguments YAML, SkyPilot tasks, ...) and
 * turns them into Jobs. It must return [] for files that are not its own: no ML job, no findings.
 */
export interface Dialect {
  id: string;
  formats: readonly FormatKind[];
  detect(doc: SourceDoc, ctx: AnalysisContext): Job[] | Promise<Job[]>;
}
