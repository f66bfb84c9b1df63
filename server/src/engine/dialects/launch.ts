// Launcher command lines, shared by the dialects that embed them: SkyPilot `run:`, Kubernetes
// `command:`/`args:`, SageMaker `hyperparameters`. Parse the commands, then ask what they imply.
//
//   const invs = parseCommands(runText, runOffset, doc.lines);
//   const facts = await launchedJobFacts(invs, ctx, { durableMounts: ['/checkpoints'] });

export type { Arg, Flag, Invocation } from './launch/types';
export { parseArgv, parseCommands, type ParseOptions } from './launch/parse';
export { applyLaunchedFacts, launchedJobFacts, workloadInvocations, type LaunchFactOptions, HF_FP32_REASON, HF_SAVE_REASON, HF_EARLY_STOPPING_REASON, TRL_BF16_REASON } from './launch/jobFacts';
export { D2_FP32_REASON, isDetectron2Launch } from './launch/detectron2';
export { classifyInvocation, isHfTrainerStyle, isPlainScriptLaunch, isTrlTraining, type LaunchKind } from './launch/classify';
export { findFlag, flagBool, datasetFormat } from './launch/flagFacts';
export { storageOf, resolvePath } from './launch/storage';
export { shellTextOf, type ShellText } from './launch/yamlShell';
