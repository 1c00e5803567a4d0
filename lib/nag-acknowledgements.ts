import { Stack, Validations } from 'aws-cdk-lib';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges a cdk-nag AwsSolutions rule on `scope` and everything below it, with the reason
 * kept next to the code that needs it.
 */
export function acknowledgeNagRule(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-${rule}`, reason });
}

/**
 * Acknowledges AwsSolutions-IAM5 (wildcard) for exactly these policy resources on `scope`.
 * cdk-nag v3 reports one finding per wildcard resource, named by the flattened CloudFormation
 * reference (`Resource::<Logical.Arn>:*`); it is computed the way cdk-nag computes it, so a
 * new wildcard anywhere else still fails the check.
 */
export function acknowledgeWildcardResources(
  scope: IConstruct,
  resources: readonly string[],
  reason: string,
): void {
  const stack = Stack.of(scope);
  for (const resource of resources) {
    const flat = flattenCfnReference(stack.resolve(resource));
    acknowledgeNagRule(scope, `IAM5[Resource::${flat}]`, reason);
  }
}
