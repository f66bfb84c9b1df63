import { scalarsEqual, setValue, upsertKey } from '../../edit/configMap';
import { fromOtherFile, isRowFormat, makeFix, parquetPath, parquetTitle, precisionElsewhere } from '../../edit/fix';
import type { YamlNode } from '../../formats/yaml';
import type { SourceDoc } from '../../source';
import type { DatasetRef, Fact, Fix, Job, JobEditor, TextEdit } from '../../types';

// Fixes for torchtune recipe configs. Recipes reject fp16 ("fp16 precision is not supported in
// this recipe"), so only bf16 is offered.

const ENV_KEYS = ['device', 'enable_activation_checkpointing', 'enable_activation_offloading', 'compile', 'optimizer_in_bwd'];
const EPHEMERAL_PREFIX = /^(\/tmp|\/var\/tmp|\/dev\/shm|\/scratch\/local)(?=\/|$)/;

export function torchtuneEditor(doc: SourceDoc, job: Job): JobEditor | undefined {
  const root = doc.format === 'yaml' ? doc.docs[0] : undefined;
  if (!root?.isMap) return undefined;
  return {
    setPrecision: (mode) => (mode === 'bf16' ? setPrecision(root, job) : undefined),
    addCheckpointing: () => addCheckpointing(root, job),
    useParquet: (d) => useParquet(root, d),
    setBatch: (change) => {
      const per = root.get('batch_size');
      if (!per || fromOtherFile(job.batch?.perDevice)) return undefined;
      const edits = setValue(per, change.perDevice);
      const ga = root.get('gradient_accumulation_steps');
      if (change.gradientAccumulation !== undefined) {
        if (ga) edits.push(...setValue(ga, change.gradientAccumulation));
        else if (change.gradientAccumulation !== 1) return undefined;
      }
      // The memory model is rough (±30%): a larger batch may not fit, so it is offered, not applied.
      return makeFix(change.title, edits, false);
    },
  };
}

function setPrecision(root: YamlNode, job: Job): Fix | undefined {
  if (precisionElsewhere(job) || job.precision?.value === 'bf16') return undefined;
  // The key the recipe reads: `dtype`, or `precision` in torchtune's first configs.
  const s = job.precision?.source;
  const key = s?.kind === 'file' && s.key === 'precision' ? 'precision' : 'dtype';
  return makeFix(`Train in bf16 (${key}: bf16)`, upsertKey(root, key, 'bf16', { after: ENV_KEYS }), true);
}

function addCheckpointing(root: YamlNode, job: Job): Fix | undefined {
  const c = job.checkpoint;
  const every = root.get('save_every_n_steps');
  if (c?.periodic?.value === false && every && !fromOtherFile(c.periodic)) {
    return makeFix('Save a checkpoint every 1000 steps (save_every_n_steps: 1000)', setValue(every, 1000), true);
  }
  if (c?.storage?.value !== 'ephemeral' || c.storage.source.kind !== 'file' || fromOtherFile(c.storage)) return undefined;
  // The location fact points at the key that names the directory (top-level or checkpointer's).
  const key = c.storage.source.key;
  const node = key === 'checkpointer.output_dir' ? root.get('checkpointer', 'output_dir') : root.get(key);
  const dir = node?.str();
  if (!node || !dir || !EPHEMERAL_PREFIX.test(dir)) return undefined;
  // torchtune's checkpointers write with torch.save to local paths: a mounted persistent volume.
  const placeholder = dir.replace(EPHEMERAL_PREFIX, '${1:/mnt/persistent}');
  return makeFix(`Write checkpoints to persistent storage instead of ${dir} (fill in a mounted volume)`, setValue(node, placeholder, { raw: true }), false, true);
}

function useParquet(root: YamlNode, d: Fact<DatasetRef>): Fix | undefined {
  const path = d.value.path;
  const next = path ? parquetPath(path) : undefined;
  if (!path || !next || !isRowFormat(d.value.format) || fromOtherFile(d)) return undefined;
  const ds = root.get('dataset');
  const blocks = ds?.isSeq ? ds.items() : ds ? [ds] : [];
  const edits: TextEdit[] = [];
  for (const b of blocks) {
    const files = scalarsEqual(b.get('data_files'), path);
    if (!files.length) continue;
    edits.push(...files.flatMap((n) => setValue(n, next)));
    // `source: csv` / `source: json` is the load_dataset() builder: it must read Parquet now.
    const source = b.get('source');
    const s = source?.str()?.toLowerCase();
    if (source && (s === 'csv' || s === 'json')) edits.push(...setValue(source, 'parquet'));
  }
  return makeFix(parquetTitle(next, d.value.format), edits, false);
}
