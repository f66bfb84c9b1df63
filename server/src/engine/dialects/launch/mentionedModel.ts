// The model a job's own text names outside its training command: a launcher task that downloads
// the weights in `setup:` (`tune download meta-llama/Meta-Llama-3.1-${MODEL_SIZE}-Instruct`) or
// keeps the id in a variable (`envs: MODEL_NAME: Qwen/Qwen2.5-7B`). Only a Hub-style `org/name`
// that the bundled model table knows counts, so repository paths and dataset ids never do.

import { byDefault } from '../../facts';
import { modelParameters } from '../../cost/models';
import type { LineIndex } from '../../formats/lineIndex';
import type { Fact } from '../../types';

/** `org/name` standing alone: not inside a URL or a path (`https://github.com/a/b`, `./x/y`). */
const HUB_ID = /(?<![\w./:~$-])([A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*)(?![\w/-])/g;
const FILE_LIKE = /\.(py|sh|ya?ml|json|txt|md|git|tar|gz|zip|bin|pt|safetensors|csv|parquet)$/i;

export interface TextSpan {
  /** Where the id was found, for the assumption's reason (`setup:`, `envs.MODEL_NAME`). */
  key: string;
  /** 0-based lines of the analysed file, inclusive. */
  fromLine: number;
  toLine: number;
}

/** The first known model id in the spans, in their order, after expanding `$VAR`/`${VAR}` from `env`. */
export function mentionedModel(lines: LineIndex, spans: TextSpan[], env: ReadonlyMap<string, string>): Fact<string> | undefined {
  for (const span of spans) {
    for (let line = span.fromLine; line <= span.toLine; line++) {
      const raw = lines.lineText(line);
      if (/^\s*#/.test(raw)) continue;
      const text = raw.replace(/\$\{([A-Za-z_]\w*)\}|\$([A-Za-z_]\w*)/g, (m, a: string | undefined, b: string | undefined) => env.get((a ?? b)!) ?? m);
      for (const m of text.matchAll(HUB_ID)) {
        const id = m[1];
        if (FILE_LIKE.test(id) || id.includes('$')) continue;
        const size = modelParameters(id);
        // Assumed, not stated: the training command does not name it (the task may train another).
        if (size && !size.basis.startsWith('size parsed')) return byDefault(id, `the model this task's ${span.key} names (${raw.trim().slice(0, 80)}); the training command names none`, lines.lineRange(line));
      }
    }
  }
  return undefined;
}
