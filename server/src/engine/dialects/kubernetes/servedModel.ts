// The model a Kubernetes inference server loads, for its memory need and the cheapest GPU that
// holds it: the server's command line (`vllm serve X`, `--model=$(MODEL_ID)`), a KServe
// `storageUri: hf://org/name`, or a MODEL-named env variable (TGI reads MODEL_ID).
import { fromFile } from '../../facts';
import { modelParameters } from '../../cost/models';
import type { YamlNode } from '../../formats/yaml';
import type { AnalysisContext, ModelFacts } from '../../types';
import { launchedJobFacts } from '../launch';
import { containerInvocations } from './commands';

export async function servedModel(containers: YamlNode[], ctx: AnalysisContext): Promise<ModelFacts | undefined> {
  for (const c of containers) {
    const invocations = containerInvocations(c);
    if (!invocations.length) continue;
    const l = await launchedJobFacts(invocations, ctx);
    if (l.model?.id || l.model?.parameters) return l.model;
  }
  for (const c of containers) {
    const uri = c.get('storageUri');
    const m = /^hf:\/\/([\w.-]+\/[\w.-]+)\/?$/.exec(uri?.str()?.trim() ?? '');
    if (uri && m) return { id: fromFile(m[1], uri.range(), 'storageUri') };
  }
  for (const c of containers) {
    for (const e of c.get('env')?.items() ?? []) {
      const name = e.get('name')?.str() ?? '';
      const value = e.get('value');
      const id = value?.str()?.trim();
      if (/MODEL/i.test(name) && value && id && /^[\w.-]+\/[\w.-]+$/.test(id) && modelParameters(id)) return { id: fromFile(id, value.range(), `env ${name}`) };
    }
  }
  return undefined;
}
