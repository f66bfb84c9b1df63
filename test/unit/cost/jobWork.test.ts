// Work the estimator reads from jobs that name no model id or train nothing: transformer shapes
// on a command line, a model named in a launcher task's setup or envs, and bounded inference jobs
// (LLaMA-Factory predict, torchtune generate/quantize), which end and so have a run cost.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { transformerParameters } from '../../../server/src/engine/cost/transformerSize';
import { analyzeFixture, analyzeText, ruleIds } from '../../helpers';

describe('transformer parameters from a shape', () => {
  test('Llama 3.2 1B (gated MLP, grouped-query attention, tied embeddings) lands on its 1.24B', () => {
    const n = transformerParameters({ layers: 16, hidden: 2048, ffn: 8192, heads: 32, kvHeads: 8, vocab: 128256, gated: true });
    assert.ok(Math.abs(n / 1.236e9 - 1) < 0.01, String(n));
  });
  test("GPT-2 small (ungated, ffn 4d, GPT-2's vocabulary by default) lands on its 124M", () => {
    const n = transformerParameters({ layers: 12, hidden: 768 });
    assert.ok(Math.abs(n / 124e6 - 1) < 0.01, String(n));
  });
  test('Llama 2 7B spelled as Megatron flags (vocabulary 32000, untied) lands on its 6.74B', () => {
    const n = transformerParameters({ layers: 32, hidden: 4096, ffn: 11008, heads: 32, vocab: 32000, gated: true, untied: true });
    assert.ok(Math.abs(n / 6.74e9 - 1) < 0.01, String(n));
  });
});

const MEGATRON = `#!/bin/bash
# Megatron-LM GPT pretraining, LLaMA-2-7B shape
torchrun --nproc_per_node 8 pretrain_gpt.py \\
    --num-layers 32 --hidden-size 4096 --ffn-hidden-size 11008 --num-attention-heads 32 \\
    --swiglu --untie-embeddings-and-output-weights --vocab-size 32000 \\
    --seq-length 4096 --micro-batch-size 1 --global-batch-size 1024 \\
    --train-iters 1000 --bf16 --save-interval 500 --save /ckpt
`;

describe('shape flags of a custom or Megatron-style launch', () => {
  test('the model is sized from its layers × hidden, and the global batch sets the tokens', async () => {
    const r = await analyzeText('pretrain.sh', MEGATRON);
    const job = r.jobs[0];
    assert.ok(job, 'a job');
    const p = job.model?.parameters?.value ?? 0;
    assert.ok(Math.abs(p / 6.74e9 - 1) < 0.01, String(p));
    assert.equal(job.model?.layers?.value, 32);
    assert.equal(job.batch?.gradientAccumulation?.value, 1024);
    assert.equal(job.batch?.accumulationIsGlobal?.value, true);
    const e = r.estimates[0];
    assert.equal(e.tokens, 1000 * 1024 * 4096, 'steps × global batch × sequence, whatever the GPU count');
    assert.ok(e.runCostOnDemand !== undefined && e.runCostOnDemand > 0);
    assert.ok(e.assumptions.some((a) => a.name === 'parameters' && a.source.kind === 'default' && /32 layers × 4096 hidden/.test(a.source.reason)), 'the shape is named as the basis');
  });

  test('one width flag without a layer count sizes nothing', async () => {
    const r = await analyzeText('run.sh', 'torchrun --nproc_per_node 8 train.py --hidden_size 4096 --max_steps 100\n');
    assert.equal(r.jobs[0]?.model?.parameters, undefined);
  });

  test('a model id on the command line wins over shape flags', async () => {
    const r = await analyzeText('run.sh', 'accelerate launch train.py --model_name_or_path gpt2 --num_layers 48 --hidden_size 1600 --max_steps 10\n');
    assert.equal(r.jobs[0]?.model?.id?.value, 'gpt2');
    assert.equal(r.jobs[0]?.model?.parameters, undefined);
  });
});

const SKY_LORA = `envs:
  MODEL_SIZE: 8B
  DATASET: "yahma/alpaca-cleaned"

resources:
  accelerators: A100:8

setup: |
  git clone https://github.com/meta-llama/llama-recipes
  tune download meta-llama/Meta-Llama-3.1-\${MODEL_SIZE}-Instruct --output-dir /tmp/model

run: |
  tune run --nproc_per_node 8 lora_finetune_distributed --config /configs/\${MODEL_SIZE}-lora.yaml dataset.source=$DATASET
`;

describe('a model named in a launcher task outside its training command', () => {
  test('SkyPilot: the weights setup downloads, with envs expanded, size the run', async () => {
    const r = await analyzeText('lora.yaml', SKY_LORA);
    const job = r.jobs.find((j) => j.dialect === 'skypilot')!;
    assert.equal(job.model?.id?.value, 'meta-llama/Meta-Llama-3.1-8B-Instruct');
    const src = job.model!.id!.source;
    assert.ok(src.kind === 'default' && /setup/.test(src.reason) && src.range?.start.line === 9, JSON.stringify(src));
    assert.ok(r.estimates[0]?.runCostOnDemand !== undefined);
  });

  test('a model the training command does not name sizes the estimate, not a right-sizing finding', async () => {
    const named = await analyzeText('lora.yaml', SKY_LORA);
    assert.ok(!ruleIds(named).includes('oversized-gpu'), ruleIds(named).join());
    const onCommand = await analyzeText('lora.yaml', SKY_LORA.replace('lora_finetune_distributed', 'lora_finetune_distributed checkpointer.model_id=x').replace('tune run', 'accelerate launch train.py --model_name_or_path meta-llama/Meta-Llama-3.1-8B-Instruct --use_peft true #'));
    assert.equal(onCommand.jobs[0].model?.id?.source.kind, 'file');
    assert.ok(ruleIds(onCommand).includes('oversized-gpu'), 'the same model on the training command is judged: ' + ruleIds(onCommand).join());
  });

  test('an id in envs: counts; repository URLs, dataset ids and comments do not', async () => {
    const named = await analyzeText('t.yaml', 'envs:\n  MODEL_NAME: Qwen/Qwen2.5-7B-Instruct\nresources:\n  accelerators: H100:1\nrun: |\n  python train.py --epochs 1\n');
    assert.equal(named.jobs[0]?.model?.id?.value, 'Qwen/Qwen2.5-7B-Instruct');
    const none = await analyzeText('t.yaml', [
      'resources:',
      '  accelerators: H100:1',
      'setup: |',
      '  git clone https://github.com/huggingface/transformers',
      '  # huggingface-cli download meta-llama/Llama-2-7b-hf',
      '  python -c "import datasets; datasets.load_dataset(\'cerebras/SlimPajama-627B\')"',
      'run: |',
      '  python train.py --epochs 1',
      '',
    ].join('\n'));
    assert.equal(none.jobs[0]?.model?.id, undefined);
  });

  test('the training command names the model: the task text does not override it', async () => {
    const r = await analyzeText('t.yaml', 'envs:\n  OTHER: meta-llama/Llama-2-70b-hf\nresources:\n  accelerators: H100:8\nrun: |\n  accelerate launch train.py --model_name_or_path gpt2 --num_train_epochs 1\n');
    assert.equal(r.jobs[0]?.model?.id?.value, 'gpt2');
  });
});

const LF_PREDICT = `model_name_or_path: meta-llama/Meta-Llama-3-8B-Instruct
adapter_name_or_path: saves/llama3-8b/lora/sft
stage: sft
do_predict: true
finetuning_type: lora
eval_dataset: identity,alpaca_en_demo
template: llama3
cutoff_len: 2048
max_samples: 50
output_dir: saves/llama3-8b/lora/predict
per_device_eval_batch_size: 1
predict_with_generate: true
`;

describe('bounded inference jobs have a run cost', () => {
  test('LLaMA-Factory predict: prompts = max_samples × eval datasets, decode memory-bound', async () => {
    const r = await analyzeText('predict.yaml', LF_PREDICT);
    const job = r.jobs[0];
    assert.equal(job.workload, 'inference');
    assert.equal(job.generation?.prompts?.value, 100);
    assert.equal(job.generation?.newTokens?.value, 1024);
    assert.equal(job.generation?.newTokens?.source.kind, 'default', "LLaMA-Factory's max_new_tokens default");
    const e = r.estimates[0];
    assert.ok(e.runCostOnDemand !== undefined && e.hours !== undefined);
    assert.match(e.hardwareAssumed ?? '', /cheapest per run/);
    assert.ok(e.assumptions.some((a) => a.name === 'decode'));
    assert.ok(!e.assumptions.some((a) => a.name === 'per-device batch'), 'training defaults do not appear');
    // Decode reads the weights each step: 100 × 1024 steps of 16 GB cannot take under ~0.1 h on any GPU.
    assert.ok(e.hours > 0.1 && e.hours < 5, String(e.hours));
    // The chosen option is the cheapest per run among the rows that fit, not the cheapest per hour.
    const fitting = (e.options ?? []).filter((o) => o.fits && o.runCostOnDemand !== undefined);
    assert.ok(fitting.length > 1);
    for (const o of fitting) assert.ok(e.runCostOnDemand! <= o.runCostOnDemand! + 1e-9, `${o.gpu}: ${o.runCostOnDemand} < ${e.runCostOnDemand}`);
  });

  test('LLaMA-Factory predict without max_samples: the prompts are unknown, no run cost is made up', async () => {
    const r = await analyzeText('predict.yaml', LF_PREDICT.replace('max_samples: 50\n', ''));
    assert.equal(r.jobs[0].generation?.prompts, undefined);
    assert.equal(r.estimates[0]?.runCostOnDemand, undefined);
  });

  test('more tokens to generate cost more', async () => {
    const short = await analyzeText('p.yaml', LF_PREDICT + 'max_new_tokens: 128\n');
    const long = await analyzeText('p.yaml', LF_PREDICT + 'max_new_tokens: 2048\n');
    assert.ok(long.estimates[0].hours! > 4 * short.estimates[0].hours!);
  });

  test('torchtune generate answers one prompt; quantize loads and writes the weights; a CPU eval is not priced', async () => {
    const gen = await analyzeText('generate.yaml', 'model:\n  _component_: torchtune.models.llama2.llama2_7b\ntokenizer:\n  _component_: torchtune.models.llama2.llama2_tokenizer\n  path: /tmp/tokenizer.model\nprompt: "Tell me a joke."\nmax_new_tokens: 300\n');
    assert.equal(gen.jobs[0].generation?.prompts?.value, 1);
    assert.equal(gen.jobs[0].generation?.newTokens?.value, 300);
    assert.ok(gen.estimates[0].runCostOnDemand !== undefined && gen.estimates[0].runCostOnDemand < 0.5);
    const quant = await analyzeText('quantize.yaml', 'model:\n  _component_: torchtune.models.llama3.llama3_8b\ncheckpointer:\n  _component_: torchtune.training.FullModelHFCheckpointer\n  checkpoint_dir: /tmp/m\ndevice: cuda\ndtype: bf16\nquantizer:\n  _component_: torchtune.training.quantization.Int8DynActInt4WeightQuantizer\n  groupsize: 256\n');
    assert.equal(quant.jobs[0].generation?.writesWeights?.value, true);
    assert.ok(quant.estimates[0].assumptions.some((a) => a.name === 'write weights'));
    assert.ok(quant.estimates[0].runCostOnDemand !== undefined);
    const evalCpu = await analyzeText('eval.yaml', 'model:\n  _component_: torchtune.models.llama3_2.llama3_2_3b\ncheckpointer:\n  _component_: torchtune.training.FullModelHFCheckpointer\n  checkpoint_dir: /tmp/m\ndevice: cpu\ndtype: bf16\ntasks: ["truthfulqa_mc2"]\nbatch_size: 8\n');
    assert.equal(evalCpu.jobs[0].hardware?.cpuOnly, true);
    assert.equal(evalCpu.estimates.length, 0);
  });

  test('a service has no generation work: priced per month, not per run', async () => {
    const r = await analyzeText('serve.yaml', 'service:\n  readiness_probe: /v1/models\n  replicas: 1\nresources:\n  accelerators: L4:1\n  ports: 8000\nrun: |\n  vllm serve Qwen/Qwen2.5-7B-Instruct --port 8000\n');
    assert.equal(r.jobs[0].generation, undefined);
    assert.equal(r.estimates[0]?.runCostOnDemand, undefined);
  });
});

const VLLM_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: vllm
spec:
  replicas: 1
  template:
    spec:
      containers:
      - name: server
        image: vllm/vllm-openai:latest
        command: ["python3", "-m", "vllm.entrypoints.openai.api_server"]
        args:
        - --model=$(MODEL_ID)
        env:
        - name: MODEL_ID
          value: Qwen/Qwen2.5-7B-Instruct
        resources:
          limits:
            nvidia.com/gpu: "1"
`;

describe('the model a Kubernetes inference server loads', () => {
  test('vLLM: --model=$(MODEL_ID) expanded from the container env sizes the GPU it needs', async () => {
    const r = await analyzeText('deploy.yaml', VLLM_DEPLOYMENT);
    assert.equal(r.jobs[0].model?.id?.value, 'Qwen/Qwen2.5-7B-Instruct');
    const e = r.estimates[0];
    assert.ok(e.monthly?.onDemand !== undefined, 'a service is priced per month');
    assert.equal(e.runCostOnDemand, undefined);
    assert.match(e.hardwareAssumed ?? '', /cheapest per hour that fits/);
  });

  test('KServe storageUri hf://org/name and TGI MODEL_ID name the model; a path in a MODEL variable does not', async () => {
    const isvc = await analyzeText('isvc.yaml', 'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: opt\nspec:\n  predictor:\n    model:\n      modelFormat:\n        name: vLLM\n      storageUri: hf://facebook/opt-125m\n      resources:\n        limits:\n          nvidia.com/gpu: "1"\n');
    assert.equal(isvc.jobs[0].model?.id?.value, 'facebook/opt-125m');
    const tgi = await analyzeText('tgi.yaml', VLLM_DEPLOYMENT.replace(/        command:.*\n        args:\n        - --model=\$\(MODEL_ID\)\n/, ''));
    assert.equal(tgi.jobs[0].model?.id?.value, 'Qwen/Qwen2.5-7B-Instruct');
    const path = await analyzeText('tgi.yaml', VLLM_DEPLOYMENT.replace(/        command:.*\n        args:\n        - --model=\$\(MODEL_ID\)\n/, '').replace('Qwen/Qwen2.5-7B-Instruct', '/models/llama'));
    assert.equal(path.jobs[0].model, undefined);
  });
});

describe('NeMo Megatron configs', () => {
  test('the model block sizes the model (GPT-2 small shape) and the micro/global batch sets the tokens', async () => {
    const r = await analyzeFixture('lightning/nemo-megatron-gpt.yaml');
    const job = r.jobs[0];
    assert.equal(job.model?.layers?.value, 12);
    assert.ok(Math.abs((job.model?.parameters?.value ?? 0) / 124e6 - 1) < 0.02, String(job.model?.parameters?.value));
    assert.equal(job.batch?.perDevice?.value, 4);
    assert.equal(job.batch?.sequenceLength?.value, 512);
    assert.equal(job.batch?.gradientAccumulation?.value, 2);
    const e = r.estimates[0];
    assert.equal(e.tokens, 100000 * 8 * 512, 'max_steps × global batch × sequence');
    assert.ok(e.runCostOnDemand !== undefined);
  });

  test('SwiGLU and grouped-query attention (a Llama-shaped NeMo model) are counted', async () => {
    const text = 'trainer:\n  devices: 8\n  accelerator: gpu\n  precision: bf16\n  max_steps: 1000\nexp_manager:\n  create_checkpoint_callback: True\nmodel:\n  micro_batch_size: 1\n  global_batch_size: 128\n  encoder_seq_length: 4096\n  num_layers: 32\n  hidden_size: 4096\n  ffn_hidden_size: 14336\n  num_attention_heads: 32\n  num_query_groups: 8\n  activation: fast-swiglu\n  share_embeddings_and_output_weights: False\n  tokenizer:\n    library: huggingface\n';
    const r = await analyzeText('llama3_8b.yaml', text);
    // Llama 3 8B without its 128K vocabulary (not stated: GPT-2's): 6.98B of blocks + 2 × 50257 × 4096.
    const p = r.jobs[0].model?.parameters?.value ?? 0;
    assert.ok(Math.abs(p / 7.39e9 - 1) < 0.01, String(p));
  });
});

describe('a data directory named after a well-known dataset', () => {
  test('timm-style `train.py /data/imagenet` and `--data-dir .../ILSVRC2012/` read as ImageNet-1k', async () => {
    const pos = await analyzeText('train.sh', 'torchrun --nproc_per_node=8 train.py /data/imagenet --model resnet50 --epochs 90 -b 256 --amp\n');
    assert.equal(pos.jobs[0].datasets[0]?.value.path, 'ILSVRC/imagenet-1k');
    assert.ok(pos.estimates[0].assumptions.some((a) => a.name === 'examples per epoch' && a.value === '1.28e6'));
    assert.equal(pos.estimates[0].reference, undefined, 'no typical dataset assumed');
    const flag = await analyzeText('train.sh', 'python train.py --data-dir /mnt/datasets/ILSVRC2012/ --model vit_base_patch16_224 --epochs 300\n');
    assert.equal(flag.jobs[0].datasets[0]?.value.path, 'ILSVRC/imagenet-1k');
    const cifar = await analyzeText('train.sh', 'python main.py --data_root ./data/cifar-10-batches-py --model resnet18 --epochs 200\n');
    assert.equal(cifar.jobs[0].datasets[0]?.value.path, 'uoft-cs/cifar10');
  });
  test('other directories, config files and web addresses name no dataset', async () => {
    for (const cmd of ['python train.py --data ./my_data --model resnet50 --epochs 10', 'python train.py --data coco128.yaml --epochs 10', 'python train.py --data_dir https://example.com/imagenet --epochs 1', 'python train.py /data/run-imagenet-2 --epochs 1']) {
      const r = await analyzeText('train.sh', cmd + '\n');
      assert.equal(r.jobs[0]?.datasets.length ?? 0, 0, cmd);
    }
  });
});

const CIFAR_LOOP = `import torch, torchvision
import torchvision.transforms as T
model = torchvision.models.resnet18(num_classes=10).cuda()
train = torchvision.datasets.CIFAR10(root="./data", train=True, download=True, transform=T.ToTensor())
loader = torch.utils.data.DataLoader(train, batch_size=128, shuffle=True, num_workers=4)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(200):
    for x, y in loader:
        x, y = x.cuda(), y.cuda()
        loss = torch.nn.functional.cross_entropy(model(x), y)
        opt.zero_grad(); loss.backward(); opt.step()
`;

describe('small-image runs are bound by per-step overhead, not FLOPs', () => {
  test('ResNet-18 on CIFAR-10 at batch 128: 78,125 steps of at least 19 ms', async () => {
    const r = await analyzeText('train.py', CIFAR_LOOP);
    const e = r.estimates[0];
    const floor = e.assumptions.find((a) => a.name === 'step time');
    assert.ok(floor, 'the step floor is named');
    assert.match(floor.value, /78,125 steps/);
    assert.ok(Math.abs(e.hours! - (78125 * 0.019) / 3600) < 0.01, String(e.hours));
  });
  test('no stated batch: the floor counts a large assumed batch of 256, so it stays a lower bound', async () => {
    const r = await analyzeText('train.py', CIFAR_LOOP.replace('batch_size=128, ', ''));
    const e = r.estimates[0];
    const steps = e.assumptions.find((a) => a.name === 'steps (for the step floor)');
    assert.ok(steps && steps.source.kind === 'default' && /256 images per GPU/.test(steps.source.reason), JSON.stringify(steps));
    assert.match(steps.value, /^39,063 = /);
    assert.ok(Math.abs(e.hours! - (39062.5 * 0.019) / 3600) < 0.01, String(e.hours));
  });
  test('ResNet-50 on ImageNet at batch 256 on 8×V100 is compute-bound: the floor does not apply', async () => {
    const r = await analyzeText('train.sh', '# mlcost: gpu=V100:8\ntorchrun --nproc_per_node=8 train.py /data/imagenet --model resnet50 --epochs 90 --batch-size 256 --amp\n');
    assert.equal(r.jobs[0].batch?.perDevice?.value, 256);
    assert.equal(r.estimates[0].hardwareLabel?.startsWith('8×V100'), true, r.estimates[0].hardwareLabel);
    assert.ok(!r.estimates[0].assumptions.some((a) => a.name === 'step time'));
  });
  test('a script that states no GPU count is priced on one GPU, the cheapest per run', async () => {
    const r = await analyzeText('train.py', CIFAR_LOOP);
    assert.equal(r.estimates[0].gpus, 1);
    assert.match(r.estimates[0].hardwareAssumed ?? '', /on one GPU/);
    const oneGpu = (r.estimates[0].options ?? []).filter((o) => o.fits && o.gpus === 1 && o.runCostOnDemand !== undefined);
    for (const o of oneGpu) assert.ok(r.estimates[0].runCostOnDemand! <= o.runCostOnDemand! + 1e-9, o.gpu);
  });
});

const ACCELERATE_ZERO3_OFFLOAD = `compute_environment: LOCAL_MACHINE
deepspeed_config:
  offload_optimizer_device: cpu
  offload_param_device: cpu
  zero3_init_flag: true
  zero_stage: 3
distributed_type: DEEPSPEED
mixed_precision: bf16
num_machines: 1
num_processes: 1
`;

describe('ZeRO-Offload in the memory model', () => {
  test('Accelerate ZeRO-3 with CPU offload: a typical 7B fits one GPU, and the time is said to be a lower bound', async () => {
    const r = await analyzeText('ds.yaml', ACCELERATE_ZERO3_OFFLOAD);
    assert.equal(r.jobs[0].batch?.offload?.value, 'optimizer+parameters');
    assert.equal(r.jobs[0].batch?.zeroStage?.value, 3);
    const e = r.estimates[0];
    assert.equal(e.gpus, 1);
    assert.ok(e.runCostOnDemand !== undefined);
    assert.ok(e.assumptions.some((a) => a.name === 'offload' && /lower bound/.test(a.value)));
    // Without offload the same 7B needs ≥ 112 GB of weights and optimizer state: no single GPU holds it.
    const none = await analyzeText('ds.yaml', ACCELERATE_ZERO3_OFFLOAD.replace(/offload_(optimizer|param)_device: cpu/g, 'offload_$1_device: none'));
    assert.equal(none.jobs[0].batch?.offload, undefined);
    assert.equal(none.estimates[0].runCostOnDemand, undefined);
  });

  test('DeepSpeed JSON: offload_optimizer alone keeps the 16-bit weights on the GPU', async () => {
    const json = '{\n  "bf16": {"enabled": true},\n  "zero_optimization": {\n    "stage": 2,\n    "offload_optimizer": {"device": "cpu", "pin_memory": true}\n  },\n  "train_micro_batch_size_per_gpu": 4\n}\n';
    const r = await analyzeText('ds_config.json', json);
    assert.equal(r.jobs[0].batch?.offload?.value, 'optimizer');
    const src = r.jobs[0].batch!.offload!.source;
    assert.ok(src.kind === 'file' && src.key === 'zero_optimization.offload_optimizer.device');
  });
});
