import { byDefault, fromFile } from '../../facts';
import type { CheckpointFacts, Fact, StorageKind } from '../../types';
import { strOf, type ConfigNode } from './configNode';
import type { HfFlavour } from './flavour';
import { storageOfPath } from './paths';

// Checkpointing of HF Trainer-based configs: how often, where, and whether a restart resumes.

const TRAINER_DEFAULT = "transformers saves every 500 steps by default (save_strategy='steps')";
const AXOLOTL_DEFAULT = 'axolotl saves a checkpoint at the end of every epoch when no save_steps or saves_per_epoch is set';
const SINGLE_EPOCH = 'save_strategy "epoch" over a 1-epoch run saves only when training ends';

/** The run is one epoch (or less) and not bounded by max_steps instead. */
function singleEpoch(root: ConfigNode): boolean {
  const steps = root.get('max_steps')?.num();
  if (steps !== undefined && steps > 0) return false;
  const epochs = ['num_train_epochs', 'num_epochs'].map((k) => root.get(k)?.num()).find((n) => n !== undefined);
  return epochs !== undefined && epochs > 0 && epochs <= 1;
}

/** Hub pushes that upload every checkpoint (transformers' default hub_strategy is every_save). */
const PUSHING_STRATEGIES = new Set(['every_save', 'checkpoint', 'all_checkpoints']);

function periodic(root: ConfigNode, flavour: HfFlavour): Fact<boolean> {
  const strategy = root.get('save_strategy');
  if (strategy) {
    const s = strategy.str()?.trim().toLowerCase();
    // YAML 1.1 readers turn a bare `no` into false; both mean "never save".
    const never = s === 'no' || s === 'false' || strategy.bool() === false;
    // One save per epoch over a single epoch is the final save only: nothing to resume from mid-run.
    if (s === 'epoch' && singleEpoch(root)) return byDefault(false, SINGLE_EPOCH, strategy.range());
    return fromFile(!never, strategy.range(), 'save_strategy');
  }
  for (const key of ['save_steps', 'saves_per_epoch']) {
    const n = root.get(key);
    const v = n?.num();
    if (n && v !== undefined && v > 0) return fromFile(true, n.range(), key);
  }
  return flavour === 'axolotl' ? byDefault(true, AXOLOTL_DEFAULT) : byDefault(true, TRAINER_DEFAULT);
}

/** A push to the Hub of every save keeps checkpoints when the machine goes away. */
function hubPush(root: ConfigNode, flavour: HfFlavour): Fact<StorageKind> | undefined {
  const push = root.get('push_to_hub');
  // axolotl pushes whenever hub_model_id is set.
  const trigger = push?.bool() === true ? push : flavour === 'axolotl' ? root.get('hub_model_id') : undefined;
  if (!trigger) return undefined;
  const strategy = root.get('hub_strategy');
  const s = strategy?.str()?.trim().toLowerCase() ?? 'every_save';
  if (!PUSHING_STRATEGIES.has(s)) return undefined;
  return strategy ? fromFile('durable', strategy.range(), 'hub_strategy') : fromFile('durable', trigger.range(), trigger.key ?? 'push_to_hub');
}

function resume(root: ConfigNode): Fact<boolean> | undefined {
  const explicit = root.get('resume_from_checkpoint');
  // A path or `true` resumes; `false` just restates the default (the example scripts still look
  // for the last checkpoint in output_dir), so it says nothing either way.
  if (explicit && explicit.bool() !== false && strOf(explicit)) return fromFile(true, explicit.range(), 'resume_from_checkpoint');
  const auto = root.get('auto_resume_from_checkpoints');
  if (auto?.bool() === true) return fromFile(true, auto.range(), 'auto_resume_from_checkpoints');
  const overwrite = root.get('overwrite_output_dir');
  // Starting over in output_dir throws the previous run's checkpoints away.
  if (overwrite?.bool() === true) return fromFile(false, overwrite.range(), 'overwrite_output_dir');
  return undefined;
}

const RETENTION_DEFAULT = 'transformers keeps every checkpoint when save_total_limit is unset (None)';

/** How many checkpoints stay on disk, and how often one is written. */
function retention(root: ConfigNode, flavour: HfFlavour, out: CheckpointFacts): void {
  if (out.periodic?.value !== true) return;
  const limit = root.get('save_total_limit');
  const n = limit?.num();
  if (limit && n !== undefined && n > 0) out.retention = fromFile(n, limit.range(), 'save_total_limit');
  // Where the limit belongs: its empty key, else the save interval it should sit beside.
  else if (!limit) out.retention = byDefault<number | 'all'>('all', RETENTION_DEFAULT, (root.getRaw('save_total_limit') ?? root.get('save_steps') ?? root.get('saves_per_epoch') ?? root.get('save_strategy'))?.range());
  const strategy = root.get('save_strategy')?.str()?.trim().toLowerCase();
  const steps = root.get('save_steps');
  const sv = steps?.num();
  const perEpoch = root.get('saves_per_epoch');
  const pv = perEpoch?.num();
  if (strategy === 'epoch') out.savesPerEpoch = fromFile(1, root.get('save_strategy')!.range(), 'save_strategy');
  else if (flavour === 'axolotl' && perEpoch && pv !== undefined && pv > 0) out.savesPerEpoch = fromFile(pv, perEpoch.range(), 'saves_per_epoch');
  // save_steps below 1 is a fraction of the total steps: 1/x saves per run, not an interval.
  else if (steps && sv !== undefined && sv >= 1) out.intervalSteps = fromFile(sv, steps.range(), 'save_steps');
  else if (!steps && flavour === 'axolotl') out.savesPerEpoch = byDefault(1, AXOLOTL_DEFAULT);
  else if (!steps && (strategy === undefined || strategy === 'steps')) out.intervalSteps = byDefault(500, TRAINER_DEFAULT);
}

export function hfCheckpoint(root: ConfigNode, flavour: HfFlavour): CheckpointFacts {
  const out: CheckpointFacts = { periodic: periodic(root, flavour) };
  retention(root, flavour, out);
  const dir = root.get('output_dir');
  const path = strOf(dir);
  if (dir && path) out.location = fromFile(path, dir.range(), 'output_dir');
  const storage = hubPush(root, flavour) ?? (dir && path ? fromFile(storageOfPath(path), dir.range(), 'output_dir') : undefined);
  if (storage) out.storage = storage;
  const r = resume(root);
  if (r) out.resume = r;
  return out;
}
