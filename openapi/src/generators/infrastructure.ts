/**
 * `infrastructure.json`: the facts Terraform needs from the contract (`jsondecode(file(...))`), also exported as
 * `infrastructure` from operations.ts: API Gateway's integration timeout, the table's key, and which integration
 * kind serves each operation with which DynamoDB actions, per operation and as each kind's least-privilege union.
 */
import { listOperations, readIntegration, readTable, type JsonObject, type TableDeclaration } from '../contract.ts';
import { iamActionName } from '../dynamodb-actions.ts';
import { integrationKinds, type IntegrationKindName } from '../integrations/index.ts';

type IamAction = ReturnType<typeof iamActionName>;

export interface Infrastructure {
  /** The Lambda integration's timeout: the function's own timeouts must stay below it. */
  integrationTimeoutMillis: number;
  table: TableDeclaration;
  /** One entry per kind in use: its operations in contract order and the sorted union of their actions. */
  integrations: Partial<Record<IntegrationKindName, { operations: string[]; dynamodbActions: IamAction[] }>>;
  operations: Record<
    string,
    { method: string; path: string; integration: IntegrationKindName; dynamodbActions: IamAction[] }
  >;
}

export function readInfrastructure(document: JsonObject): Infrastructure {
  const infrastructure: Infrastructure = {
    // What Terraform and the handler bound the function's own timeouts by.
    integrationTimeoutMillis: integrationKinds.lambda.timeoutMillis,
    table: readTable(document),
    integrations: {},
    operations: {},
  };
  for (const operation of listOperations(document)) {
    const { type, dynamodbActions } = readIntegration(operation);
    const actions = dynamodbActions.map(iamActionName);
    infrastructure.operations[operation.operationId] = {
      method: operation.method.toUpperCase(),
      path: operation.path,
      integration: type,
      dynamodbActions: actions,
    };
    const kind = (infrastructure.integrations[type] ??= { operations: [], dynamodbActions: [] });
    kind.operations.push(operation.operationId);
    kind.dynamodbActions = [...new Set([...kind.dynamodbActions, ...actions])].sort();
  }
  return infrastructure;
}

export function renderInfrastructure(document: JsonObject): string {
  return `${JSON.stringify(readInfrastructure(document), null, 2)}\n`;
}
