import { ruleCases } from './cases';

ruleCases('no-autostop', [
  { file: 'gpu-devbox.tf', lines: [1], says: ['idles about', '/month', 'assumption'], why: 'GCP L4 VM with no schedule' },
  { file: 'scheduled-devbox.tf', lines: [], why: 'instance schedule policy attached' },
  { file: 'notebook.tf', lines: [1], says: ['lifecycle configuration'], why: 'SageMaker notebook without a lifecycle config' },
  { file: 'notebook-stack.ts', lines: [9], why: 'CDK notebook instance without a lifecycle config' },
  { file: 'notebook-with-lifecycle-stack.ts', lines: [], why: 'CDK notebook with lifecycleConfigName' },
  { file: 'node-pool.tf', lines: [], why: 'node groups are not interactive machines' },
  { file: 'sky-dev-cluster.yaml', lines: [4], says: ['resources.autostop', 'idles about', '/month'], why: 'SkyPilot GPU cluster with no run: and no autostop' },
  { file: 'sky-jupyter.yaml', lines: [3], says: ['idles about'], why: 'SkyPilot run: only starts Jupyter' },
  { file: 'sky-dev-autostop.yaml', lines: [], why: 'resources.autostop.idle_minutes set' },
  { file: 'sky-autostop-off.yaml', lines: [5], says: ['turned off'], why: 'autostop: false on a code-server cluster' },
  { file: 'sky-train.yaml', lines: [], why: 'a training run ends; its cluster is not a dev machine' },
  { file: 'sky-cpu-dev.yaml', lines: [], why: 'a CPU dev box is not GPU spend' },
  { file: 'kubeflow-gpu-notebook.yaml', lines: [2], says: ['ENABLE_CULLING', 'idles about'], why: 'Kubeflow Notebook asking for a GPU: culling is off in Kubeflow unless the controller enables it' },
  { file: 'kubeflow-cpu-notebook.yaml', lines: [], why: 'a CPU notebook is not GPU spend' },
  { file: 'kubeflow-stopped-notebook.yaml', lines: [], why: 'a stopped notebook runs no pod' },
  { file: 'z2jh-cull-off.yaml', lines: [28], says: ['turned off', 'idles about'], why: 'z2jh GPU profile with cull.enabled: false' },
  { file: 'z2jh-default-cull.yaml', lines: [], why: 'z2jh culls idle servers after an hour by default' },
  { file: 'z2jh-long-timeout.yaml', lines: [12], says: ['168 hours'], why: 'z2jh subchart values with a one-week cull timeout' },
  { file: 'z2jh-day-timeout.yaml', lines: [], why: 'a one-day timeout still culls at weekends: not judged (the idle estimate would not hold)' },
  { file: 'z2jh-cpu-cull-off.yaml', lines: [], why: 'culling off on a CPU-only hub is not GPU spend' },
]);
