// Cost-attribution labels of a Kubernetes training object: the keys of its `metadata.labels`
// (GKE's and OpenCost's cost allocation group spend by them). Absent labels are a fact too,
// reported at `metadata:`.
import { fromFile } from '../../facts';
import { tagPlaceholder } from '../../edit/tagPlaceholders';
import { insertEntries, raw, upsertEntry } from '../../edit/yamlEdit';
import type { YamlNode } from '../../formats/yaml';
import type { Fix, TagFacts } from '../../types';

export function labelTags(doc: YamlNode): TagFacts | undefined {
  const metadata = doc.get('metadata');
  if (!metadata?.isMap) return undefined;
  const labels = metadata.get('labels');
  const at = labels ?? metadata;
  const keys = labels?.isMap ? labels.entries().map((e) => e.keyName).filter((k): k is string => !!k) : [];
  // Labels from a template (Helm `{{ include … }}`) or a variable: the keys are not known.
  const unresolved = !!labels && !labels.isMap;
  return { keys: fromFile(keys, at.keyRange() ?? at.range(), 'metadata.labels'), ...(unresolved && { unresolved }) };
}

/** `team`/`project` labels with placeholder values, joined to `metadata.labels` or as a new map. */
export function addLabelsFix(doc: YamlNode, keys: string[]): Fix | undefined {
  const metadata = doc.get('metadata');
  if (!metadata?.isMap) return undefined;
  const labels = metadata.get('labels');
  const entries = Object.fromEntries(keys.map((k, i) => [k, raw(tagPlaceholder(k, i + 1))]));
  const edit = labels?.isMap ? insertEntries(labels, entries) : labels ? undefined : upsertEntry(metadata, 'labels', raw(`{${keys.map((k, i) => `${k}: ${tagPlaceholder(k, i + 1)}`).join(', ')}}`), { after: ['name', 'namespace', 'generateName'] });
  return edit && { title: `Add cost-attribution labels (${keys.join(', ')}) to metadata.labels`, edits: [edit], safe: false, snippet: true };
}
