// AWS CDK: the same GPU notebook, tagged for cost allocation and stopped when idle by a lifecycle
// configuration.
import * as cdk from 'aws-cdk-lib';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';

export class ResearchNotebookStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);

    const nb = new sagemaker.CfnNotebookInstance(this, 'ResearchNotebook', {
      instanceType: 'ml.g5.2xlarge',
      roleArn: 'arn:aws:iam::123456789012:role/sagemaker-notebooks',
      volumeSizeInGb: 100,
      lifecycleConfigName: 'auto-stop-idle-60min',
    });
    cdk.Tags.of(nb).add('team', 'research');
    cdk.Tags.of(nb).add('project', 'llm-eval');
  }
}
