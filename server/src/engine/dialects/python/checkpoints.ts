import type { PyNode } from '../../formats/python';
import { byDefault, fromFile } from '../../facts';
import type { CheckpointFacts, Range } from '../../types';
import { storageOf } from './paths';
import { callsNamed, type Scan } from './scan';
import { kwarg, pathPrefix, pathValue, runsInLoop, stringValue, type CallInfo } from './query';
import { descendants } from './query';

// Checkpointing in hand-written loops: where the script saves, whether that repeats, whether a
// restarted run loads the last checkpoint back.

const SAVE_NAMES = ['save', 'save_state', 'save_pretrained', 'save_checkpoint', 'save_model'];

/** Calls that write a checkpoint: `torch.save`, `accelerator.save_state`, `model.save_pretrained`... */
export function saveCalls(s: Scan): CallInfo[] {
  return callsNamed(s, ...SAVE_NAMES).filter((c) => {
    // `torch.save(obj, f)` and `accelerator.save(obj, f)`, not `plt.savefig`/`df.save` lookalikes.
    if (c.name === 'save') return /^(torch|accelerator|xm|self\.accelerator|fabric|self\.fabric)$/.test(receiverOf(c));
    // `trainer.save_model()` of an HF/Lightning trainer is the final export, read by those detectors.
    if (c.name === 'save_model') return /accelerator|fabric/.test(receiverOf(c));
    return true;
  });
}

function receiverOf(c: CallInfo): string {
  const dot = c.callee.lastIndexOf('.');
  return dot < 0 ? '' : c.callee.slice(0, dot);
}

/** The path argument of a save call (`torch.save(obj, PATH)`, `save_pretrained(PATH)`). */
function savePathNode(c: CallInfo): PyNode | undefined {
  if (c.name === 'save') return kwarg(c, 'f', 'output') ?? c.args[1];
  return kwarg(c, 'save_directory', 'output_dir', 'save_dir', 'filepath') ?? c.args[0];
}

/**
 * Checkpoint facts of a loop-style script. `anchor` is where a finding about a missing
 * checkpoint belongs (the first `.backward()`).
 */
export function loopCheckpoint(s: Scan, anchor: Range): CheckpointFacts {
  const { src } = s;
  const saves = saveCalls(s);
  const out: CheckpointFacts = {};
  const periodic = saves.find((c) => runsInLoop(src, c.node, s.calls));
  const chosen = periodic ?? saves[0];
  if (periodic) out.periodic = fromFile(true, src.rangeOf(periodic.node), periodic.callee);
  else if (chosen)
    out.periodic = byDefault(false, `\`${chosen.callee}\` runs only once, after training: no checkpoint is saved during the run`, src.rangeOf(chosen.node));
  else out.periodic = byDefault(false, 'the script never saves a checkpoint (no torch.save, save_state or save_pretrained)', anchor);
  if (chosen) {
    const node = savePathNode(chosen);
    const r = src.rangeOf(chosen.node);
    const p = pathValue(src, node);
    if (p !== undefined) out.location = fromFile(p, r, chosen.callee);
    const storage = storageOf(p ?? pathPrefix(src, node) ?? '');
    if (p !== undefined || storage !== 'unknown') out.storage = fromFile(storage, r, chosen.callee);
  }
  const resume = resumeEvidence(s, saves.length > 0);
  if (resume) out.resume = resume;
  return out;
}

/** A restarted run loads its last state: nanoGPT `init_from == 'resume'`, `load_state`, `torch.load` + `load_state_dict`. */
function resumeEvidence(s: Scan, saves: boolean): CheckpointFacts['resume'] {
  const { src } = s;
  const loader = callsNamed(s, 'load_state', 'load_checkpoint').find((c) => c.name === 'load_checkpoint' || /accelerator|fabric/.test(c.callee));
  if (loader) return fromFile(true, src.rangeOf(loader.node), loader.callee);
  const kw = s.calls.find((c) => {
    const v = kwarg(c, 'resume_from_checkpoint');
    return v && v.type !== 'none' && v.type !== 'false';
  });
  if (kw) return fromFile(true, src.rangeOf(kw.node), 'resume_from_checkpoint');
  for (const cmp of descendants(src.root, 'comparison_operator')) {
    if (cmp.namedChildren.some((c) => stringValue(src, c) === 'resume')) return fromFile(true, src.rangeOf(cmp), 'resume');
  }
  // Loading weights is only a resume when the script also writes the checkpoints it loads.
  const load = callsNamed(s, 'load').find((c) => c.callee === 'torch.load');
  if (saves && load && callsNamed(s, 'load_state_dict').length) return fromFile(true, src.rangeOf(load.node), load.callee);
  return undefined;
}
