// Writes fixes back into a Vertex AI custom job config: spot capacity as `scheduling.strategy:
// SPOT`, and precision flags on the first pool's command line (a new `args` item, or the flag
// already there flipped on).

import { flipToTrue, type FileText } from '../../edit/shellEdit';
import { precisionTarget } from '../../edit/launchEdits';
import { insertPath, setScalar } from '../../edit/yamlEdit';
import { appendToSeq } from '../../edit/yamlLocal';
import type { YamlNode } from '../../formats/yaml';
import type { Job, JobEditor } from '../../types';
import type { Invocation } from '../launch';
import { field } from './spec';

export function vertexEditor(spec: YamlNode, job: Job, invocations: Invocation[], container: YamlNode | undefined): JobEditor {
  const f: FileText = { text: spec.src.text, lines: spec.src.lines };
  const editor: JobEditor = {
    useSpot() {
      const scheduling = field(spec, 'scheduling');
      const strategy = field(scheduling, 'strategy');
      const e = strategy ? setScalar(strategy, 'SPOT') : scheduling && !scheduling.isMap ? undefined : insertPath(spec, ['scheduling', 'strategy'], 'SPOT');
      return e && { title: 'Run on Spot VMs: set scheduling.strategy to SPOT', edits: [e], safe: false };
    },
  };
  if (invocations.length) {
    editor.setPrecision = (mode) => {
      const t = precisionTarget(invocations, job.precision, mode);
      if (!t) return undefined;
      if (t.existing) {
        const e = flipToTrue(f, t.existing);
        return e && { title: `Train in ${mode}: set --${mode} to ${e.newText.replace(/"/g, '')}`, edits: [e], safe: true };
      }
      const args = field(container, 'args');
      const e = args?.isSeq && args.items().length ? appendToSeq(args, `--${mode}`) : undefined;
      return e && { title: `Train in ${mode}: add --${mode} to the container's args`, edits: [e], safe: true };
    };
  }
  return editor;
}
