/**
 * `infrastructure.json`: the facts Terraform needs from the contract (`jsondecode(file(...))`), also exported as
 * `infrastructure` from operations.ts: API Gateway's integration timeout, one table per resource with its key,
 * who may call the API (the resource server, its scopes, the API key header and the usage plans), and for each
 * operation its scopes, whether it needs an API key, its resource's table, and which integration kind serves it
 * with which DynamoDB actions (also as each kind's least-privilege union, per table).
 */
import { listOperations, readApiName, type DynamoDbKeyType, type JsonObject } from '../contract.ts';
import { iamActionName } from '../dynamodb-actions.ts';
import { integrationKinds, type IntegrationKindName, readIntegration } from '../integrations/index.ts';
import { readOperationResource, readResources } from '../resources.ts';
import { readAccess, readOperationAccess, type UsagePlanDeclaration } from '../security.ts';

type IamAction = ReturnType<typeof iamActionName>;

/** A table's key as DynamoDB declares it: attribute names and types (who chooses the values is the API's concern). */
export interface TableKeys {
  partitionKey: { name: string; type: DynamoDbKeyType };
  sortKey?: { name: string; type: DynamoDbKeyType };
}

export interface Infrastructure {
  /** `x-api-name`: Terraform names the API's resources `<apiName>-<environment>` and tags them with it. */
  apiName: string;
  /** The Lambda integration's timeout: the function's own timeouts must stay below it. */
  integrationTimeoutMillis: number;
  /** One table per resource of `x-resources`, by resource name. */
  tables: Record<string, TableKeys>;
  /** The Cognito resource server and its scopes (short name → description), the API key header, the usage plans. */
  access: {
    resourceServer: string;
    scopes: Record<string, string>;
    apiKeyHeader: string;
    usagePlans: Record<string, UsagePlanDeclaration>;
  };
  /**
   * One entry per kind in use: its operations in contract order, the sorted union of their actions, and that
   * union per table (each operation's actions on its resource's table only).
   */
  integrations: Partial<
    Record<
      IntegrationKindName,
      { operations: string[]; dynamodbActions: IamAction[]; tables: Record<string, IamAction[]> }
    >
  >;
  operations: Record<
    string,
    {
      method: string;
      path: string;
      integration: IntegrationKindName;
      /** The resource whose table the operation uses (null when it touches none). */
      table: string | null;
      dynamodbActions: IamAction[];
      /** Short scope names the access token must carry (one, or none for a public operation). */
      scopes: string[];
      apiKeyRequired: boolean;
    }
  >;
}

export function readInfrastructure(document: JsonObject): Infrastructure {
  const access = readAccess(document);
  const resources = readResources(document);
  const infrastructure: Infrastructure = {
    apiName: readApiName(document),
    // What Terraform and the handler bound the function's own timeouts by.
    integrationTimeoutMillis: integrationKinds.lambda.timeoutMillis,
    tables: Object.fromEntries(
      Object.entries(resources).map(([name, { partitionKey, sortKey }]) => [
        name,
        {
          partitionKey: { name: partitionKey.name, type: partitionKey.type },
          ...(sortKey ? { sortKey: { name: sortKey.name, type: sortKey.type } } : {}),
        },
      ]),
    ),
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
    const table = readOperationResource(resources, operation, dynamodbActions)?.name ?? null;
    infrastructure.operations[operation.operationId] = {
      method: operation.method.toUpperCase(),
      path: operation.path,
      integration: type,
      table,
      dynamodbActions: actions,
      ...readOperationAccess(access, operation),
    };
    const kind = (infrastructure.integrations[type] ??= { operations: [], dynamodbActions: [], tables: {} });
    kind.operations.push(operation.operationId);
    kind.dynamodbActions = union(kind.dynamodbActions, actions);
    if (table !== null && actions.length > 0) kind.tables[table] = union(kind.tables[table] ?? [], actions);
  }
  return infrastructure;
}

function union(a: IamAction[], b: IamAction[]): IamAction[] {
  return [...new Set([...a, ...b])].sort();
}

export function renderInfrastructure(document: JsonObject): string {
  return `${JSON.stringify(readInfrastructure(document), null, 2)}\n`;
}
