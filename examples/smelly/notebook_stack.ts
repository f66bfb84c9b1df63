// AWS CDK: a SageMaker notebook on a GPU for the research team, with no cost tags and no idle
// shutdown (it bills every hour of the month).
import * as cdk from 'aws-cdk-lib';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';

export class ResearchNotebookStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);

    new sagemaker.CfnNotebookInstance(this, 'ResearchNotebook', {
      instanceType: 'ml.g5.2xlarge',
      roleArn: 'arn:aws:iam::123456789012:role/sagemaker-notebooks',
      volumeSizeInGb: 100,
    });
  }
}
