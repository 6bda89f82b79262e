/**
 * The closed set of integration kinds an operation's `x-integration.type` can name, what each kind must
 * answer, and the reading of an operation's declaration. Adding a kind (e.g. `dynamodb`, API Gateway calling
 * DynamoDB directly) is one new file in this folder, its name in names.ts and one line in `integrationKinds` (the
 * compiler holds the two lists equal); nothing else in openapi/src names an API Gateway integration type
 * (`aws_proxy`...).
 */
import { ContractError, describeOperation, isObject, type ContractOperation, type Json } from '../contract.ts';
import { dynamodbItemActions, isDynamoDbAction, type DynamoDbAction } from '../dynamodb-actions.ts';
import { dynamodbIntegration } from './dynamodb/index.ts';
import type { IntegrationDeclaration, IntegrationKind } from './kind.ts';
import { lambdaIntegration } from './lambda.ts';
import { integrationKindNames, isIntegrationKindName, type IntegrationKindName } from './names.ts';

export type { IntegrationContext, IntegrationDeclaration, IntegrationKind } from './kind.ts';
export { integrationKindNames, isIntegrationKindName, type IntegrationKindName } from './names.ts';

export const integrationKinds = {
  lambda: lambdaIntegration,
  dynamodb: dynamodbIntegration,
} as const satisfies Record<IntegrationKindName, IntegrationKind>;

/** An operation's `x-integration`, its kind's own fields checked by the kind. */
export function readIntegration(operation: ContractOperation): IntegrationDeclaration {
  const where = `${describeOperation(operation)}: x-integration`;
  const raw = operation.operation['x-integration'];
  if (raw === undefined) throw new ContractError(`${where} is missing (every operation declares what serves it)`);
  if (!isObject(raw)) throw new ContractError(`${where} must be an object`);
  const { type, dynamodbActions, ...options } = raw;
  if (typeof type !== 'string' || !isIntegrationKindName(type)) {
    throw new ContractError(
      `${where}.type ${JSON.stringify(type) ?? '(missing)'} is not one of: ${integrationKindNames.join(', ')}`,
    );
  }
  const problems = integrationKinds[type].optionProblems(options);
  if (problems.length > 0) throw new ContractError(`${where}: ${problems.join('; ')}`);
  return { type, dynamodbActions: readDynamoDbActions(dynamodbActions, `${where}.dynamodbActions`), options };
}

function readDynamoDbActions(value: Json | undefined, where: string): DynamoDbAction[] {
  if (!Array.isArray(value)) {
    throw new ContractError(`${where} must be a list of DynamoDB actions (empty when the operation touches no table)`);
  }
  const actions: DynamoDbAction[] = [];
  for (const action of value) {
    if (typeof action !== 'string' || !isDynamoDbAction(action)) {
      throw new ContractError(
        `${where}: ${JSON.stringify(action)} is not a DynamoDB item action (one of: ${dynamodbItemActions.join(', ')})`,
      );
    }
    if (actions.includes(action)) throw new ContractError(`${where} lists "${action}" twice`);
    actions.push(action);
  }
  return actions;
}
