// Builds server/src/engine/cost/data/instances.json, the bundled price catalog, from the team's
// shared price table (../shared/pricing/instances.csv + gcp_accelerators.csv, copied from the
// SkyPilot catalog; see that folder's README). The JSON is committed: nothing reads ../shared at
// run or test time. Re-run after the shared table changes:
//   node scripts/build-catalog.mjs [path/to/shared/pricing]
// GPU names go through the same normaliseGpuName() as the engine (gpus.ts, transpiled on the fly).
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pricingDir = resolve(process.argv[2] ?? join(root, '..', 'shared', 'pricing'));
const outFile = join(root, 'server', 'src', 'engine', 'cost', 'data', 'instances.json');

if (!existsSync(join(pricingDir, 'instances.csv'))) {
  console.log(`build-catalog: ${pricingDir}/instances.csv not found; keeping the committed ${outFile}`);
  process.exit(0);
}

const gpusTs = readFileSync(join(root, 'server', 'src', 'engine', 'cost', 'gpus.ts'), 'utf8');
const { code } = await esbuild.transform(gpusTs, { loader: 'ts', format: 'esm' });
const { normaliseGpuName } = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += c;
  }
  if (field || row.length) row.push(field), rows.push(row);
  const [header, ...body] = rows.filter((r) => r.length > 1 || r[0]);
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

const num = (s) => (s === '' || s === undefined ? undefined : Number(s));
const round = (x) => Math.round(x * 1e6) / 1e6;

const instancesCsv = parseCsv(readFileSync(join(pricingDir, 'instances.csv'), 'utf8'));
const acceleratorsCsv = existsSync(join(pricingDir, 'gcp_accelerators.csv'))
  ? parseCsv(readFileSync(join(pricingDir, 'gcp_accelerators.csv'), 'utf8'))
  : [];

// README caveat: Azure documents 8 GPUs for this SKU; the catalog stores 12.
const GPU_COUNT_FIX = { Standard_ND96isr_H100_v5: 8 };

function gpuOf(raw) {
  if (!raw) return {};
  const canonical = normaliseGpuName(raw);
  // Accelerators the GPU table does not know (Inferentia2, Trainium, RTX6000) keep their catalog name.
  return canonical === undefined || canonical === raw ? { gpu: raw } : { gpu: canonical, sourceGpuName: raw };
}

const instances = [];
for (const r of instancesCsv) {
  const notes = [];
  const row = {
    provider: r.provider,
    instanceType: r.instance_type,
    region: r.region,
    ...gpuOf(r.gpu_name),
  };
  if (r.gpu_name) {
    const stored = num(r.gpu_count);
    const count = GPU_COUNT_FIX[r.instance_type] ?? stored;
    if (count !== stored) notes.push(`catalog stores ${stored} GPUs; the provider documents ${count}`);
    row.gpuCount = count;
    row.gpuMemoryGiB = num(r.gpu_memory_gib);
  }
  row.vcpus = num(r.vcpus);
  row.memoryGiB = num(r.memory_gib);

  let onDemand = num(r.on_demand_usd_per_hour);
  let spot = num(r.spot_usd_per_hour) ?? null;
  if (r.price_scope === 'host_vm_only') {
    // README: GCP bills host VM and GPUs separately; the real price is derived_total_*.
    row.gcpParts = {
      hostOnDemand: onDemand,
      hostSpot: spot,
      acceleratorsOnDemand: num(r.accel_on_demand_usd_per_hour),
      acceleratorsSpot: num(r.accel_spot_usd_per_hour) ?? null,
    };
    onDemand = num(r.derived_total_on_demand_usd_per_hour);
    spot = num(r.derived_total_spot_usd_per_hour) ?? null;
    notes.push('price = host VM + GPUs (GCP bills them separately)');
  }
  if (r.provider === 'azure' && row.gpu === 'H100' && spot !== null && spot >= onDemand) {
    // README: Azure H100 v5 spot is stored equal to on-demand: no real spot data.
    spot = null;
    notes.push('no spot price data (the catalog stores spot = on-demand)');
  }
  if (/stored spot > on-demand/.test(r.notes)) notes.push('GPU spot price is stored above on-demand in the source');
  if (/LOW CONFIDENCE/.test(r.notes)) {
    row.lowConfidence = true;
    notes.push('GCP H100 prices look mixed up in the source (H100 vs H100-MEGA): low confidence');
  }
  if (/fractional/.test(r.notes)) notes.push('fractional GPU: gpuMemoryGiB is the slice');
  if (/min reported/.test(r.notes)) notes.push('spot = minimum over the region\'s zones');
  row.onDemand = onDemand;
  row.spot = spot;
  if (notes.length) row.notes = notes.join('; ');
  instances.push(row);
}

// GCP attaches T4/V100 GPUs to an N1 host. The table has the 1-GPU composites; add 2/4(/8) GPU
// ones from gcp_accelerators.csv on the same n1-standard-8 host (GCP allows these counts on it).
const host = instancesCsv.find((r) => r.provider === 'gcp' && r.instance_type === 'n1-standard-8');
for (const a of acceleratorsCsv) {
  if (!host || a.kind !== 'gpu' || !['T4', 'V100'].includes(a.accelerator_name)) continue;
  const count = num(a.count);
  const type = `n1-standard-8+${a.accelerator_name}x${count}`;
  if (instances.some((i) => i.instanceType === type)) continue;
  const hostOnDemand = num(host.on_demand_usd_per_hour);
  const hostSpot = num(host.spot_usd_per_hour) ?? null;
  const accOnDemand = num(a.on_demand_usd_per_hour);
  const accSpot = num(a.spot_usd_per_hour) ?? null;
  instances.push({
    provider: 'gcp',
    instanceType: type,
    region: a.region,
    ...gpuOf(a.accelerator_name),
    gpuCount: count,
    gpuMemoryGiB: num(a.per_gpu_memory_gib),
    vcpus: num(host.vcpus),
    memoryGiB: num(host.memory_gib),
    gcpParts: { hostOnDemand, hostSpot, acceleratorsOnDemand: accOnDemand, acceleratorsSpot: accSpot },
    onDemand: round(hostOnDemand + accOnDemand),
    spot: hostSpot !== null && accSpot !== null ? round(hostSpot + accSpot) : null,
    notes: 'price = host VM + GPUs (GCP bills them separately); composed from gcp_accelerators.csv',
  });
}

const gcpAccelerators = acceleratorsCsv.map((a) => ({
  name: a.kind === 'gpu' ? (normaliseGpuName(a.accelerator_name) ?? a.accelerator_name) : a.accelerator_name,
  kind: a.kind,
  count: num(a.count),
  region: a.region,
  onDemand: num(a.on_demand_usd_per_hour),
  spot: num(a.spot_usd_per_hour) ?? null,
  ...(/LOW CONFIDENCE/.test(a.notes) ? { lowConfidence: true } : {}),
}));

const commits = [...new Set(instancesCsv.map((r) => `${r.provider}: ${r.source_path}@${r.source_commit}`))].sort();
const meta = {
  source:
    'SkyPilot price catalog, github.com/skypilot-org/skypilot-catalog: ' + commits.join('; '),
  // The shared table carries no retrieval date of its own: use the date of the project's copy.
  retrieved: statSync(join(pricingDir, 'instances.csv')).mtime.toISOString().slice(0, 10),
  currency: 'USD',
  unit: 'per instance-hour',
  regions: [...new Set(instances.map((i) => `${i.provider}:${i.region}`))].sort(),
  licence: 'The catalog states no licence; prices are bundled as facts with this attribution.',
  notes: [
    'Public list prices; your negotiated or committed-use price may differ.',
    'GCP prices are host VM + GPUs (the catalog prices them separately); gcpParts holds both.',
    'GCP H100/H100-MEGA rows are low confidence (prices look mixed up in the source).',
    'Azure prices come from an older catalog file (v6); Standard_ND96isr_H100_v5 has 8 GPUs (catalog: 12); Azure H100 spot has no real data.',
    'AWS spot is the minimum over the region\'s zones; Lambda has no spot market.',
    'SageMaker ml.* prices are not in the source: SageMaker charges a premium over the EC2 price of the same hardware.',
  ],
};

mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify({ meta, instances, gcpAccelerators }, null, 0).replace(/\},\{/g, '},\n{') + '\n');
console.log(`build-catalog: wrote ${instances.length} instances, ${gcpAccelerators.length} GCP accelerator rows to ${outFile}`);
