// A run script that copies the checkpoint directory to durable storage while training runs keeps
// its checkpoints even though the trainer writes them to the machine's disk: a background
// `sync_local_checkpoint.sh $LOCAL $BUCKET &` (SkyPilot's Vicuna recipe), a `while true; do aws s3
// sync out s3://...; sleep 600; done &` loop started before the trainer. This reads those commands.

import { fromFile } from '../../facts';
import type { Fact, StorageKind } from '../../types';
import { basename } from './argv';
import { isWithin, resolvePath, storageOf } from './storage';
import type { Arg, Invocation } from './types';

/** Object-store and file-sync CLIs, and the subcommands of theirs that copy (first word after options). */
const TOOLS: Record<string, RegExp> = {
  gsutil: /^(rsync|cp|mv)$/,
  aws: /^s3$/, // then sync|cp|mv
  gcloud: /^storage$/, // then rsync|cp|mv
  s5cmd: /^(sync|cp|mv)$/,
  rclone: /^(sync|copy|copyto|move|moveto)$/,
  azcopy: /^(sync|copy|cp)$/,
  rsync: /./,
  cp: /./,
  mv: /./,
};
const SECOND: Record<string, RegExp> = { aws: /^(sync|cp|mv)$/, gcloud: /^(rsync|cp|mv)$/ };
/** A project's own helper script, named for what it does (`sync_local_checkpoint.sh`, `upload_ckpt.py`). */
const SYNC_SCRIPT = /(sync|upload|backup|persist|copy)[\w.-]*\.(sh|py)$/i;
/** Options whose value excludes files: a sync that leaves checkpoints out does not keep them. */
const EXCLUDE = /^(-x|--exclude(-regex|-from)?|--filter)$/;

/** The words after the copying subcommand, or undefined when the command copies nothing. */
function copyArgs(inv: Invocation): { tool: string; args: Arg[] } | undefined {
  const w = inv.words ?? [];
  const program = basename(w[0]?.text ?? '');
  if (['bash', 'sh', 'python', 'python3'].includes(program) || SYNC_SCRIPT.test(program)) {
    const script = SYNC_SCRIPT.test(program) ? w[0] : w.slice(1).find((x) => !x.text.startsWith('-'));
    if (!script || !SYNC_SCRIPT.test(script.text)) return undefined;
    return { tool: basename(script.text), args: w.slice(w.indexOf(script) + 1) };
  }
  const sub = TOOLS[program];
  if (!sub) return undefined;
  let i = 1;
  while (w[i]?.text.startsWith('-') && program !== 'rsync' && program !== 'cp' && program !== 'mv') i++; // `gsutil -m rsync`
  if (program === 'rsync' || program === 'cp' || program === 'mv') return { tool: program, args: w.slice(1) };
  if (!w[i] || !sub.test(w[i].text)) return undefined;
  const second = SECOND[program];
  if (second) {
    if (!w[i + 1] || !second.test(w[i + 1].text)) return undefined;
    return { tool: `${program} ${w[i].text} ${w[i + 1].text}`, args: w.slice(i + 2) };
  }
  return { tool: `${program} ${w[i].text}`, args: w.slice(i + 1) };
}

/**
 * `durable` from the first command that copies `location` (or a directory holding it) to durable
 * storage, the destination after the source as every copy tool takes them; undefined when none does.
 * Only copies started in the background before `training` count: a background sync or loop keeps
 * checkpoints while the run goes on; a one-off copy before it, or any copy after it ends, saves
 * nothing from a preemption mid-run.
 */
export function syncedCheckpoints(
  invocations: Invocation[],
  cwds: ReadonlyMap<Invocation, string | undefined>,
  location: string,
  durableMounts: string[],
  training: Invocation,
): Fact<StorageKind> | undefined {
  const before = invocations.indexOf(training);
  for (const inv of before >= 0 ? invocations.slice(0, before) : []) {
    // A copy that finishes before training starts (restoring, seeding) keeps nothing the run writes.
    if (!inv.background) continue;
    const copy = copyArgs(inv);
    if (!copy) continue;
    const cwd = cwds.get(inv);
    const { args } = copy;
    const excludes = args.some((a, k) => (EXCLUDE.test(a.text) && /checkpoint|ckpt/i.test(args[k + 1]?.text ?? '')) || (/^--(exclude|filter)=/.test(a.text) && /checkpoint|ckpt/i.test(a.text)));
    if (excludes) continue;
    const paths = args.filter((a) => !a.text.startsWith('-')).map((a) => resolvePath(a.text, cwd));
    const src = paths.findIndex((p) => isWithin(location, p));
    if (src < 0) continue;
    if (paths.slice(src + 1).some((p) => storageOf(p, durableMounts) === 'durable')) return fromFile<StorageKind>('durable', inv.range, copy.tool);
  }
  return undefined;
}
