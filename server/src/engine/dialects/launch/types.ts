import type { Range } from '../../types';

/** A `--flag [value]` of a command line. */
export interface Flag {
  /** Without leading dashes, `-` normalised to `_`: `max_steps`, `train.save_interval`. */
  name: string;
  value?: string;
  /** The whole `--flag value`. */
  range: Range;
  /** The value alone, when there is one. */
  valueRange?: Range;
  /** How the setting is written when it is no `--name` flag: a yacs override `SOLVER.MAX_ITER`. */
  key?: string;
}

/** A positional argument (after the script or subcommand). */
export interface Arg {
  text: string;
  range: Range;
}

/** One launched command, with the launcher and wrappers (`nohup`, `torchrun`...) understood. */
export interface Invocation {
  /** `python` | `torchrun` | `accelerate` | `deepspeed` | `axolotl` | `tune` | ... or another basename. */
  program: string;
  /** train.py, the module of `-m`, a tune recipe, a CLI subcommand (`train`, `sft`, `serve`). */
  script?: string;
  scriptRange?: Range;
  /** Configs the command reads: positional `cfg.yml`, `--config`, `--config_file`, `--deepspeed`. */
  configFiles: { ref: string; range: Range }[];
  /** Launcher and script flags together; a later flag of the same name wins, as in argparse. */
  flags: Map<string, Flag>;
  /** Positional arguments after the script/subcommand, config files included. */
  args: Arg[];
  range: Range;
  /** Every word from the program on, as written (variables substituted): for tools whose
   *  arguments are not flags, such as `gsutil -m rsync -r SRC DST`. */
  words?: Arg[];
  /** The process count of an MPI-style wrapper in front of the program (`mpirun -np 8`,
   *  `srun --ntasks 16`): one process per GPU for the trainers launched this way. */
  processes?: Flag;
  /** Runs in the background (`cmd &`, or inside a loop or subshell that is): it goes on while the
   *  commands after it run. */
  background?: boolean;
}
