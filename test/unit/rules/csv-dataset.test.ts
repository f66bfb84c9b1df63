import { ruleCases } from './cases';

ruleCases('csv-dataset', [
  { file: 'hf-train-file.yaml', lines: [2], says: ['Parquet', '2.1x smaller', '18x faster'], why: 'train_file .csv (the training data; validation files are not flagged)' },
  { file: 'hf-hub-dataset.yaml', lines: [], why: 'Hub dataset id' },
  { file: 'axolotl-json-files.yml', lines: [6], why: 'axolotl data_files .jsonl' },
  { file: 'axolotl-parquet.yml', lines: [], why: 'axolotl parquet dataset' },
  { file: 'pandas-train.py', lines: [5], says: ['pd.read_csv'], why: 'pd.read_csv in a training script' },
  { file: 'pandas-parquet-train.py', lines: [], why: 'pd.read_parquet' },
  { file: 'pandas-report.py', lines: [], why: 'not a training script' },
  { file: 'load-dataset-csv.py', lines: [4], why: 'load_dataset("csv")' },
  { file: 'sagemaker-text-csv.py', lines: [11], says: ['as CSV'], why: 'TrainingInput content_type="text/csv"' },
  { file: 'skypilot-train-file.yaml', lines: [5], why: '--train_file x.csv on a launcher command line' },
]);
