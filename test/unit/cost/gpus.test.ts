import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gpuSpec, normaliseGpuName } from '../../../server/src/engine/cost/gpus';

describe('GPU names', () => {
  const cases: [string, string | undefined][] = [
    ['A100', 'A100-40GB'], // SkyPilot: bare A100 is the 40 GB part
    ['A100-80GB', 'A100-80GB'],
    ['nvidia-tesla-a100', 'A100-40GB'], // GKE
    ['nvidia-a100-80gb', 'A100-80GB'],
    ['NVIDIA-A100-SXM4-80GB', 'A100-80GB'], // GPU feature discovery label
    ['NVIDIA-A100-SXM4-40GB', 'A100-40GB'],
    ['H100-MEGA', 'H100'],
    ['nvidia-h100-80gb', 'H100'],
    ['nvidia-h100-mega-80gb', 'H100'],
    ['h100', 'H100'],
    ['GH200', 'GH200'],
    ['gpu_1x_gh200', 'GH200'],
    ['H200', 'H200'],
    ['L40S', 'L40S'],
    ['nvidia-l4', 'L4'],
    ['L4', 'L4'],
    ['A10G', 'A10G'],
    ['A10', 'A10'],
    ['nvidia-tesla-t4', 'T4'],
    ['Tesla T4', 'T4'],
    ['V100', 'V100'],
    ['V100-32GB', 'V100-32GB'],
    ['nvidia-tesla-v100', 'V100'],
    ['A6000', 'A6000'],
    ['RTX6000', undefined],
    ['RTX 4090', undefined],
    ['RTX A1000', undefined],
    ['L40', undefined],
    ['Inferentia2', undefined],
    ['', undefined],
  ];
  for (const [raw, want] of cases) {
    it(`${JSON.stringify(raw)} -> ${want}`, () => assert.equal(normaliseGpuName(raw), want));
  }

  it('gpuSpec answers any spelling with the spec', () => {
    assert.equal(gpuSpec('nvidia-tesla-t4')?.bf16, false);
    assert.equal(gpuSpec('a100-80gb')?.name, 'A100-80GB');
    assert.ok((gpuSpec('GH200')?.memoryGiB ?? 0) > (gpuSpec('H100')?.memoryGiB ?? 0));
    assert.equal(gpuSpec('RTX6000'), undefined);
  });
});
