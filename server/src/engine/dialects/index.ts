import type { Dialect } from '../dialect';
import { accelerateDialect } from './accelerate';
import { deepspeedDialect } from './deepspeed';
import { detectron2Dialect } from './detectron2';
import { hfConfigDialect } from './hfConfig';
import { kubernetesDialect } from './kubernetes';
import { katibDialect } from './katib';
import { jupyterhubDialect } from './jupyterhub';
import { vertexDialect } from './vertex';
import { lightningDialect } from './lightning';
import { pythonScriptDialect } from './pythonScript';
import { skypilotDialect } from './skypilot';
import { torchtuneDialect } from './torchtune';
import { terraformDialect } from './terraform';
import { cdkDialect } from './cdk';
import { pulumiDialect } from './pulumi';
import { cdktfDialect } from './cdktf';
import { wandbSweepDialect } from './wandbSweep';
import { shellScriptDialect } from './shellScript';

/**
 * Every dialect, most specific first: the first one that finds jobs in a file owns that file.
 * Adding a dialect = one module and one line here.
 */
export const DIALECTS: readonly Dialect[] = [
  skypilotDialect,
  kubernetesDialect,
  katibDialect,
  jupyterhubDialect,
  vertexDialect,
  wandbSweepDialect,
  accelerateDialect,
  deepspeedDialect,
  torchtuneDialect,
  detectron2Dialect,
  lightningDialect,
  hfConfigDialect,
  pythonScriptDialect,
  terraformDialect,
  cdkDialect,
  pulumiDialect,
  cdktfDialect,
  shellScriptDialect,
];
