// Buckets of a stated size get a storage lens in $/month from the bundled storage prices, in every
// IaC format (Terraform, CDK, Pulumi, CDKTF); without a size there is no figure (none is made up).
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAnnotations, parseSizeGb } from '../../../server/src/engine/annotations';
import { hotTier } from '../../../server/src/engine/cost/storage';
import { jobLensTitle } from '../../../server/src/lsp/cost/lensTitles';
import { analyzeText } from '../../helpers';

test('size annotations: decimal and binary units, bare numbers are GB', () => {
  assert.equal(parseSizeGb('5TB'), 5000);
  assert.equal(parseSizeGb('800GB'), 800);
  assert.equal(parseSizeGb('1.5PB'), 1.5e6);
  assert.equal(Math.round(parseSizeGb('1TiB')!), 1100);
  assert.equal(parseSizeGb('5000'), 5000);
  assert.equal(parseSizeGb('5 apples'), undefined);
  const { annotations, problems } = parseAnnotations('# mlcost: size=5TB storage-gb=200 size=lots\n', 'hcl');
  assert.deepEqual(annotations.map((a) => [a.key, a.value]), [['size', 5000], ['size', 200]]);
  assert.equal(problems.length, 1);
});

const S3 = hotTier('aws')!;
const GCS = hotTier('gcp')!;
const AZ = hotTier('azure')!;

const CASES: { name: string; file: string; text: string; gb: number; price: number }[] = [
  {
    name: 'Terraform S3 bucket',
    file: 'main.tf',
    text: '# mlcost: size=5TB\nresource "aws_s3_bucket" "ckpt" {\n  bucket = "acme-checkpoints"\n}\n',
    gb: 5000,
    price: S3.usdPerGbMonth,
  },
  {
    name: 'CDK s3.Bucket',
    file: 'stack.ts',
    text: "import { Stack } from 'aws-cdk-lib';\nimport * as s3 from 'aws-cdk-lib/aws-s3';\nexport class S extends Stack {\n  constructor(scope: any, id: string) {\n    super(scope, id);\n    // mlcost: size=20TB\n    new s3.Bucket(this, 'Datasets', { bucketName: 'acme-training-datasets' });\n  }\n}\n",
    gb: 20000,
    price: S3.usdPerGbMonth,
  },
  {
    name: 'Pulumi GCS bucket',
    file: 'index.ts',
    text: "import * as gcp from '@pulumi/gcp';\n// mlcost: storage-gb=800\nnew gcp.storage.Bucket('ckpt', { name: 'acme-ckpt', location: 'US' });\n",
    gb: 800,
    price: GCS.usdPerGbMonth,
  },
  {
    name: 'Pulumi azure-native blob container',
    file: 'index.ts',
    text: "import * as azure from '@pulumi/azure-native';\n// mlcost: size=2TB\nnew azure.storage.BlobContainer('checkpoints', { resourceGroupName: 'rg', accountName: 'acct', containerName: 'checkpoints' });\n",
    gb: 2000,
    price: AZ.usdPerGbMonth,
  },
  {
    name: 'CDKTF S3Bucket',
    file: 'main.ts',
    text: "import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';\nclass S {\n  constructor() {\n    // mlcost: size=1PB\n    new S3Bucket(this as any, 'checkpoints', { bucket: 'acme-checkpoints' });\n  }\n}\n",
    gb: 1e6,
    price: S3.usdPerGbMonth,
  },
];

for (const c of CASES) {
  test(`bucket storage lens: ${c.name}`, async () => {
    const r = await analyzeText(c.file, c.text);
    assert.equal(r.jobs.length, 1, JSON.stringify(r.jobs.map((j) => j.name)));
    assert.equal(r.jobs[0].bucket?.sizeGb?.value, c.gb);
    assert.equal(r.jobs[0].bucket?.sizeGb?.source.kind, 'annotation');
    const e = r.estimates[0];
    assert.ok(e?.monthly?.onDemand !== undefined, 'a storage estimate');
    assert.ok(Math.abs(e.monthly.onDemand - c.gb * c.price) < 1e-6);
    assert.equal(e.resourceKind, 'bucket');
    const title = jobLensTitle(e);
    assert.match(title, /^≈ \$[\d,.]+(K|M)?\/month storage \(.+ at \$[\d.]+\/GB-month\)$/);
    assert.ok(e.assumptions.some((a) => a.source.kind === 'catalog' && /retrieved/.test((a.source as { detail: string }).detail)), 'the price cites its source and date');
    // The lifecycle finding prices the saving on the stated size.
    const lc = r.findings.find((f) => f.rule === 'storage-lifecycle');
    assert.ok(lc, 'storage-lifecycle fires');
    assert.match(lc.message, /\/month on its [\d,]+ GB/);
  });
}

test('bucket storage lens: no size, no storage figure', async () => {
  const r = await analyzeText('main.tf', 'resource "aws_s3_bucket" "ckpt" {\n  bucket = "acme-checkpoints"\n}\n');
  assert.equal(r.jobs.length, 1);
  assert.deepEqual(r.estimates, []);
});

test('bucket storage lens: a size beside a GPU machine goes to the bucket', async () => {
  const text = 'resource "aws_instance" "gpu" {\n  instance_type = "g5.xlarge"\n}\n\n# mlcost: size=3TB\nresource "aws_s3_bucket" "ckpt" {\n  bucket = "acme-checkpoints"\n}\n';
  const r = await analyzeText('main.tf', text);
  const bucket = r.jobs.find((j) => j.bucket);
  assert.equal(bucket?.bucket?.sizeGb?.value, 3000);
  assert.equal(r.jobs.find((j) => !j.bucket)?.hardware?.instanceType?.value, 'g5.xlarge');
});
