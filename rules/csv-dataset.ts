import { CALIBRATION_SOURCE, DATA_FORMAT } from '../server/src/engine/evidence';
import { rangeFor, type Rule, type RuleFinding } from '../server/src/engine/rule';
import type { DatasetFormat } from '../server/src/engine/types';
import { fixesOf, parquetFix } from './ruleFixes';

const ROW_FORMATS: Partial<Record<DatasetFormat, string>> = {
  csv: 'CSV',
  tsv: 'TSV',
  json: 'JSON',
  jsonl: 'JSON lines',
};

/**
 * csv-dataset: training reads a row-oriented text format (CSV/TSV/JSON lines) that must be
 * parsed in full on every load, where a columnar format (Parquet) fits.
 */
export const csvDataset: Rule = {
  id: 'csv-dataset',
  title: 'Training data read from CSV/JSON instead of a columnar format',
  defaultSeverity: 'info',
  check(job) {
    // `data`: the module that loads a training job's data, trained on elsewhere in the project.
    if (job.workload !== 'training' && job.workload !== 'data') return [];
    const out: RuleFinding[] = [];
    for (const d of job.datasets) {
      const label = ROW_FORMATS[d.value.format];
      if (!label) continue;
      const where = rangeFor(d, job);
      if (!where) continue;
      const what = d.value.path ? `\`${d.value.path}\`` : 'the training data';
      out.push({
        range: where,
        message:
          `Reads ${what} as ${label} (${d.value.reader}), which is parsed in full on every load. Convert it to ` +
          `Parquet: in our measurement Parquet was ${DATA_FORMAT.parquetSmaller}x smaller and ${DATA_FORMAT.parquetFasterRead}x faster to read ` +
          `(${DATA_FORMAT.parquetFasterTwoColumns}x for two columns; 2M rows, pandas + pyarrow, ${CALIBRATION_SOURCE}).`,
        ...fixesOf(parquetFix(job, d)),
      });
    }
    return out;
  },
};
