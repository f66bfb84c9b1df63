// A shell script that launches training (`accelerate launch --config_file ds.yaml train.py …`,
// `torchrun --nproc_per_node 8 …`, `deepspeed …`, `python train.py --bf16 …`): a launcher like a
// SkyPilot `run:` block, without the machine request. Its commands give the job's facts, and the
// configs it passes get this script as their launcher (launchMap.ts). Scripts that launch no
// training (builds, data downloads, deploys) yield no job: nothing is reported on them.
// A SLURM batch script's `#SBATCH` directives (launch/slurm.ts) are its machine request and time
// limit: they win over what a launcher flag (`--nproc_per_node`) suggests.
import type { Dialect } from '../dialect';
import { batchFlagFix, earlyStoppingFlagFix, retentionFlagFix, shellPrecisionFix } from '../edit/launchEdits';
import type { FileText } from '../edit/shellEdit';
import type { Job, JobEditor } from '../types';
import { downloadedDataset } from './launch/downloadedDataset';
import { classifyInvocation, launchedJobFacts, parseCommands, type Invocation } from './launch';
import { slurmRequest } from './launch/slurm';

export const shellScriptDialect: Dialect = {
  id: 'shell-script',
  formats: ['shell'],
  async detect(doc, ctx) {
    if (doc.format !== 'shell') return [];
    const invocations = parseCommands(doc.text, 0, doc.lines);
    const training = invocations.find((i) => classifyInvocation(i) === 'training');
    if (!training) return [];
    const launched = await launchedJobFacts(invocations, ctx, {});
    const slurm = slurmRequest(doc.text, doc.lines);
    if (slurm) {
      launched.hardware = { ...launched.hardware, ...slurm.hardware };
      // The time limit caps the run; a limit the launched config states too (Lightning max_time) may be shorter.
      const own = launched.schedule?.hours;
      if (slurm.hours && (!own || slurm.hours.value < own.value)) launched.schedule = { ...launched.schedule, hours: slurm.hours };
    }
    if (!launched.datasets?.length) {
      const fetched = downloadedDataset(doc.lines, [{ key: 'script', fromLine: 0, toLine: training.range.start.line }]);
      if (fetched) launched.datasets = [fetched];
    }
    const name = ctx.path.split(/[\\/]/).pop() ?? 'launch script';
    const job: Job = {
      dialect: 'shell-script',
      name: `${name} (${training.program}${training.script ? ` ${training.script}` : ''})`,
      workload: launched.workload ?? 'training',
      anchor: training.range,
      datasets: launched.datasets ?? [],
      linkedFiles: launched.linkedFiles ?? [],
      ...(launched.precision && { precision: launched.precision }),
      ...(launched.hardware && Object.keys(launched.hardware).length && { hardware: launched.hardware }),
      ...(launched.checkpoint && { checkpoint: launched.checkpoint }),
      ...(launched.schedule && { schedule: launched.schedule }),
      ...(launched.model && { model: launched.model }),
      ...(launched.batch && { batch: launched.batch }),
    };
    job.editor = shellEditor({ text: doc.text, lines: doc.lines }, invocations, launched);
    return [job];
  },
};

/** Fixes on the command line itself, as for a SkyPilot `run:` block (edit/launchEdits.ts). */
function shellEditor(f: FileText, invocations: Invocation[], launched: Partial<Job>): JobEditor {
  return {
    setPrecision: (mode) => shellPrecisionFix(f, invocations, launched.precision, mode),
    limitCheckpoints: (keep) => retentionFlagFix(f, invocations, keep),
    setBatch: (change) => batchFlagFix(f, invocations, change),
    addEarlyStopping: (patience) => earlyStoppingFlagFix(f, invocations, patience),
  };
}
