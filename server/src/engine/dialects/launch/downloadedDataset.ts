// The dataset a job's own text downloads outside its training command: a SkyPilot `setup:` or a
// launch script that fetches `cifar-10-python.tar.gz`, COCO's `train2017.zip` or a Hub dataset
// (`huggingface-cli download org/name --repo-type dataset`) before running a script that names no
// data. Assumed, not stated: the run may train on something else as well.

import { byDefault } from '../../facts';
import type { LineIndex } from '../../formats/lineIndex';
import type { DatasetRef, Fact } from '../../types';
import { datasetOfDownload } from './flagFacts';
import type { TextSpan } from './mentionedModel';

const DOWNLOADER = /(^|[\s;&|(])(wget|curl|aria2c|gsutil|gcloud\s+storage|aws\s+s3|azcopy|rclone)\s/;
const LOCATION = /[a-z][a-z0-9+.-]*:\/\/[^\s'"`;|&<>)]+/gi;
const HUB_DOWNLOAD = /\b(?:huggingface-cli|hf)\s+download\s+([A-Za-z0-9][\w.-]*\/[\w.-]+)/;

/** The first table dataset the spans download, in their order. */
export function downloadedDataset(lines: LineIndex, spans: TextSpan[]): Fact<DatasetRef> | undefined {
  for (const span of spans) {
    for (let line = span.fromLine; line <= span.toLine; line++) {
      const raw = lines.lineText(line);
      if (/^\s*#/.test(raw)) continue;
      const shown = raw.trim().slice(0, 100);
      const reason = `the dataset this file's ${span.key} downloads (${shown}); the training command names none`;
      const hub = HUB_DOWNLOAD.exec(raw);
      if (hub && /--repo-type[=\s]+dataset\b/.test(raw)) return byDefault<DatasetRef>({ format: 'hub', path: hub[1], reader: `${span.key} download` }, reason, lines.lineRange(line));
      if (!DOWNLOADER.test(raw)) continue;
      for (const m of raw.matchAll(LOCATION)) {
        const id = datasetOfDownload(m[0]);
        if (id) return byDefault<DatasetRef>({ format: 'hub', path: id, reader: `${span.key} download ${m[0]}` }, reason, lines.lineRange(line));
      }
    }
  }
  return undefined;
}
