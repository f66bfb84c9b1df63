// Application Auto Scaling of SageMaker endpoints, as Terraform, Pulumi and CDK programs declare it.
// A scalable target scales an endpoint configuration when its resource id names an endpoint deployed
// from that configuration, or names no endpoint of the program at all (a literal id or one built
// elsewhere: cannot tell, so it is assumed to). A target on another endpoint scales only that one.

import { byDefault } from '../../facts';
import type { Fact, Range, ScalingFacts } from '../../types';

/** A scalable target on a SageMaker variant: the text of its resource id, and its fact. */
export interface VariantTarget {
  resourceIdText: string;
  fact: Fact<boolean>;
}

/** An endpoint of the program: the name it is bound to, and the text that names its configuration. */
export interface DeployedEndpoint {
  binding: string;
  configText: string;
}

/** The code of an expression without its string literals (a template's `${…}` parts kept): the
 *  literal `endpoint/…/variant/AllTraffic` names no binding. */
function codeOf(text: string): string {
  return text
    .replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/`(?:[^`\\]|\\.)*`/g, (t) => [...t.matchAll(/\$\{([^}]*)\}/g)].map((m) => ` ${m[1]} `).join(''));
}

const mentions = (text: string, name: string): boolean => new RegExp(`(^|[^\\w.$])${name.replace(/[.$]/g, '\\$&')}\\b`).test(codeOf(text));

/** The first target that scales the configuration bound to `configBinding`. */
export function targetOfConfig(targets: VariantTarget[], endpoints: DeployedEndpoint[], configBinding: string | undefined): VariantTarget | undefined {
  const mine = configBinding ? endpoints.filter((e) => mentions(e.configText, configBinding)).map((e) => e.binding) : [];
  return targets.find((t) => mine.some((b) => mentions(t.resourceIdText, b)) || !endpoints.some((e) => mentions(t.resourceIdText, e.binding)));
}

/** The scaling facts every SageMaker real-time endpoint gets, worded in the program's own terms. */
export function sagemakerEndpointScaling(target: Fact<boolean> | undefined, noTarget: string, howToScale: string, anchor: Range): Pick<ScalingFacts, 'autoscaled' | 'scaleToZero' | 'howToScale'> {
  return {
    autoscaled: target ?? byDefault(false, noTarget, anchor),
    scaleToZero: byDefault(false, 'a SageMaker real-time endpoint variant keeps at least one instance', anchor),
    howToScale,
  };
}

/**
 * The TypeScript statements of a SageMaker variant's autoscaling, as Pulumi's aws provider and
 * CDKTF's bindings both spell them (the same property names): a Target on the instance count and a
 * target-tracking Policy on invocations per instance. The endpoint name is a snippet placeholder.
 */
export function variantScalingStatements(o: { target: string; policy: string; scope: string; id: string; binding: string; variant: string; min: number; max: number; policyName: boolean }): string[] {
  const scope = o.scope ? `${o.scope}, ` : '';
  return [
    `const ${o.binding} = new ${o.target}(${scope}'${o.id}-scaling', {`,
    "  serviceNamespace: 'sagemaker',",
    `  resourceId: 'endpoint/\${1:endpoint-name}/variant/${o.variant.replace(/[$}\\']/g, '')}',`,
    "  scalableDimension: 'sagemaker:variant:DesiredInstanceCount',",
    `  minCapacity: ${Math.max(1, o.min)},`,
    `  maxCapacity: ${Math.max(1, o.max)},`,
    '});',
    `new ${o.policy}(${scope}'${o.id}-invocations', {`,
    ...(o.policyName ? [`  name: '${o.id}-invocations',`] : []),
    "  policyType: 'TargetTrackingScaling',",
    `  serviceNamespace: ${o.binding}.serviceNamespace,`,
    `  resourceId: ${o.binding}.resourceId,`,
    `  scalableDimension: ${o.binding}.scalableDimension,`,
    '  targetTrackingScalingPolicyConfiguration: {',
    '    targetValue: ${2:100}, // invocations per instance per minute',
    "    predefinedMetricSpecification: { predefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },",
    '  },',
    '});',
  ];
}
