import type { YamlNode } from '../../formats/yaml';

// The CustomJobSpec of a `gcloud ai custom-jobs create --config=` file, in either spelling
// (the REST API's camelCase or the snake_case gcloud also reads), at the top level or under a
// CustomJob body's `jobSpec`. A file is one only when its worker pools say a machine and what it
// runs: Vertex pipelines, endpoints and other gcloud YAML never have that shape.

/** Child by camelCase or snake_case key. */
export function field(n: YamlNode | undefined, camel: string): YamlNode | undefined {
  if (!n?.isMap) return undefined;
  return n.get(camel) ?? n.get(camel.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase()));
}

export interface WorkerPool {
  node: YamlNode;
  machineSpec: YamlNode;
  container?: YamlNode;
  pythonPackage?: YamlNode;
}

export interface CustomJobSpec {
  /** The map holding workerPoolSpecs (the file's root, or `jobSpec`). */
  spec: YamlNode;
  poolsNode: YamlNode;
  pools: WorkerPool[];
}

export function customJobSpec(root: YamlNode): CustomJobSpec | undefined {
  if (!root.isMap) return undefined;
  // A CustomJob body nests the spec in `jobSpec`; a custom-task TrainingPipeline in `trainingTaskInputs`.
  const spec = field(root, 'workerPoolSpecs') ? root : field(root, 'jobSpec') ?? field(root, 'trainingTaskInputs');
  const poolsNode = field(spec, 'workerPoolSpecs');
  if (!spec || !poolsNode?.isSeq) return undefined;
  const pools: WorkerPool[] = [];
  for (const p of poolsNode.items()) {
    const machineSpec = field(p, 'machineSpec');
    const container = field(p, 'containerSpec');
    const pythonPackage = field(p, 'pythonPackageSpec');
    // An empty `{}` pool keeps a pool index free (Vertex allows it); it runs nothing.
    if (!machineSpec?.isMap || (!container?.isMap && !pythonPackage?.isMap)) continue;
    pools.push({ node: p, machineSpec, ...(container?.isMap ? { container } : {}), ...(pythonPackage?.isMap ? { pythonPackage } : {}) });
  }
  return pools.length ? { spec, poolsNode, pools } : undefined;
}
