/**
 * What an integration kind is, and the operation's declaration it serves: the types the kinds of this folder
 * (lambda.ts, dynamodb/) and its index share, in a module of their own so that no kind imports the index.
 */
import type { ContractOperation, JsonObject } from '../contract.ts';
import type { DynamoDbAction } from '../dynamodb-actions.ts';
import type { IntegrationKindName } from './names.ts';

/** An operation's `x-integration`: which integration kind serves it and what it does on the table. */
export interface IntegrationDeclaration {
  type: IntegrationKindName;
  /** The DynamoDB actions serving the operation calls, as the contract names them (no `dynamodb:` prefix). */
  dynamodbActions: DynamoDbAction[];
  /** The kind's own fields (all but `type` and `dynamodbActions`), already checked by the kind. */
  options: JsonObject;
}

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
  /** What is wrong with the kind's own fields of `x-integration` (all but `type` and `dynamodbActions`). */
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
