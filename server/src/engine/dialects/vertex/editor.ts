// Writes fixes back into a Vertex AI custom job config: spot capacity as `scheduling.strategy:
// SPOT`, and precision flags on the first pool's command line (a new `args` item, or the flag
// already there flipped on).

import type { FileText } from '../../edit/shellEdit';
import { shellPrecisionFix } from '../../edit/launchEdits';
import { insertPath, setScalar } from '../../edit/yamlEdit';
import { containerAdder } from '../kubernetes/editor';
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
  // Vertex containers spell `command`/`args` as Kubernetes does: the same flag placement (an argv
  // item, or inside the script of `bash -c "..."`).
  if (invocations.length) editor.setPrecision = (mode) => shellPrecisionFix(f, invocations, job.precision, mode, ' in the container', containerAdder(f, container));
  return editor;
}
