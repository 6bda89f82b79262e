/**
 * `infrastructure.json`: the facts Terraform needs from the contract (`jsondecode(file(...))`), also exported as
 * `infrastructure` from operations.ts: API Gateway's integration timeout, the table's key, who may call the API
 * (the resource server, its scopes, the API key header and the usage plans), and for each operation its scopes,
 * whether it needs an API key, and which integration kind serves it with which DynamoDB actions (also as each
 * kind's least-privilege union).
 */
import { listOperations, readTable, type JsonObject, type TableDeclaration } from '../contract.ts';
import { iamActionName } from '../dynamodb-actions.ts';
import { integrationKinds, type IntegrationKindName, readIntegration } from '../integrations/index.ts';
import { readAccess, readOperationAccess, type UsagePlanDeclaration } from '../security.ts';

type IamAction = ReturnType<typeof iamActionName>;

export interface Infrastructure {
  /** The Lambda integration's timeout: the function's own timeouts must stay below it. */
  integrationTimeoutMillis: number;
  table: TableDeclaration;
  /** The Cognito resource server and its scopes (short name → description), the API key header, the usage plans. */
  access: {
    resourceServer: string;
    scopes: Record<string, string>;
    apiKeyHeader: string;
    usagePlans: Record<string, UsagePlanDeclaration>;
  };
  /** One entry per kind in use: its operations in contract order and the sorted union of their actions. */
  integrations: Partial<Record<IntegrationKindName, { operations: string[]; dynamodbActions: IamAction[] }>>;
  operations: Record<
    string,
    {
      method: string;
      path: string;
      integration: IntegrationKindName;
      dynamodbActions: IamAction[];
      /** Short scope names the access token must carry (one, or none for a public operation). */
      scopes: string[];
      apiKeyRequired: boolean;
    }
  >;
}

export function readInfrastructure(document: JsonObject): Infrastructure {
  const access = readAccess(document);
  const infrastructure: Infrastructure = {
    // What Terraform and the handler bound the function's own timeouts by.
    integrationTimeoutMillis: integrationKinds.lambda.timeoutMillis,
    table: readTable(document),
    access: {
      resourceServer: access.oauth.resourceServer,
      scopes: access.oauth.scopes,
      apiKeyHeader: access.apiKey.header,
      usagePlans: access.apiKey.usagePlans,
    },
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
      ...readOperationAccess(access, operation),
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
