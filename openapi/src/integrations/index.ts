/**
 * The closed set of integration kinds an operation's `x-items-integration.type` can name, and what each kind must
 * answer. Adding a kind (e.g. `dynamodb`, API Gateway calling DynamoDB directly) is one new file in this folder and
 * one line in `integrationKinds`; nothing else in openapi/src names an API Gateway integration type (`aws_proxy`...).
 */
import type { IntegrationDeclaration, JsonObject } from '../contract.ts';
import { lambdaIntegration } from './lambda.ts';

export interface IntegrationKind {
  /** API Gateway's integration timeout for this kind, in the body and in infrastructure.json. */
  timeoutMillis: number;
  /** The variables Terraform's `templatefile()` fills into this kind's body integrations (e.g. `lambda_invoke_arn`). */
  templateVariables: readonly string[];
  /** What is wrong with the kind's own fields of `x-items-integration` (all but `type` and `dynamodbActions`). */
  optionProblems(options: JsonObject): string[];
  /** The operation's `x-amazon-apigateway-integration` in the body Terraform imports. */
  gatewayIntegration(declaration: IntegrationDeclaration): JsonObject;
}

export const integrationKinds = {
  lambda: lambdaIntegration,
} as const satisfies Record<string, IntegrationKind>;

export type IntegrationKindName = keyof typeof integrationKinds;

export const integrationKindNames = Object.keys(integrationKinds) as IntegrationKindName[];

export function isIntegrationKindName(name: string): name is IntegrationKindName {
  return Object.hasOwn(integrationKinds, name);
}
