/**
 * The closed set of integration kinds an operation's `x-items-integration.type` can name, and what each kind must
 * answer. Adding a kind (e.g. `dynamodb`, API Gateway calling DynamoDB directly) is one new file in this folder and
 * one line in `integrationKinds`; nothing else in openapi/src names an API Gateway integration type (`aws_proxy`...).
 */
import type { ContractOperation, IntegrationDeclaration, JsonObject } from '../contract.ts';
import { dynamodbIntegration } from './dynamodb/index.ts';
import { lambdaIntegration } from './lambda.ts';

/** What a kind may read besides the declaration: the whole contract and the operation it serves. */
export interface IntegrationContext {
  document: JsonObject;
  operation: ContractOperation;
}

export interface IntegrationKind {
  /** API Gateway's integration timeout for this kind, in the body and in infrastructure.json. */
  timeoutMillis: number;
  /** The variables Terraform's `templatefile()` fills into this kind's body integrations (e.g. `lambda_invoke_arn`). */
  templateVariables: readonly string[];
  /** What is wrong with the kind's own fields of `x-items-integration` (all but `type` and `dynamodbActions`). */
  optionProblems(options: JsonObject): string[];
  /**
   * The operation's `x-amazon-apigateway-integration` in the body Terraform imports. Throws a ContractError naming
   * the operation when the kind cannot serve it.
   */
  gatewayIntegration(declaration: IntegrationDeclaration, context: IntegrationContext): JsonObject;
  /**
   * Headers the integration's response mappings set, by method response status: API Gateway refuses a mapping to a
   * header the method response does not declare. None for a proxy integration (the function sets its own).
   */
  methodResponseHeaders(declaration: IntegrationDeclaration, context: IntegrationContext): Record<string, string[]>;
}

export const integrationKinds = {
  lambda: lambdaIntegration,
  dynamodb: dynamodbIntegration,
} as const satisfies Record<string, IntegrationKind>;

export type IntegrationKindName = keyof typeof integrationKinds;

export const integrationKindNames = Object.keys(integrationKinds) as IntegrationKindName[];

export function isIntegrationKindName(name: string): name is IntegrationKindName {
  return Object.hasOwn(integrationKinds, name);
}
