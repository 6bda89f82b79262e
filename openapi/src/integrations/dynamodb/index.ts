/**
 * `x-integration: { type: dynamodb, dynamodbActions: [GetItem] }`: API Gateway calls DynamoDB itself (an `aws`
 * integration with an execution role), no Lambda in between. It serves one item action on one item addressed by
 * the table's partition key in the path: GetItem on a GET, DeleteItem on a DELETE (conditional on If-Match). Its
 * mapping templates are generated from the contract (templates.ts) so the answers equal the function's.
 *
 * Terraform's templatefile() fills the Region, the Region's table name and the execution role's ARN.
 * A GET or DELETE whose Content-Type is not JSON gets 415, body or not, and the operation must document it (see
 * `refusedByGateway`). Known differences from the function, which no client of the contract can rely on: a
 * throttled call is not retried (the function's SDK retries twice first); lengths are counted in UTF-16 units (Ajv
 * counts code points: they differ only for characters outside the BMP, which the key pattern refuses anyway).
 */
import {
  ContractError,
  deref,
  describeOperation,
  isObject,
  objectAt,
  problemTypeUriPrefixOf,
  readCors,
  readProblemTypes,
  stringAt,
  type ContractOperation,
  type Json,
  type JsonObject,
} from '../../contract.ts';
import type { DynamoDbAction } from '../../dynamodb-actions.ts';
import type { IntegrationContext, IntegrationDeclaration, IntegrationKind } from '../kind.ts';
import { versionProperty } from '../../answers.ts';
import { readOperationResource, readResources, type ResourceDeclaration } from '../../resources.ts';
import {
  deleteItemTemplates,
  getItemTemplates,
  tableNamesVariable,
  templateText,
  type FieldShape,
  type OperationTemplates,
  type ParameterRules,
  type StoredField,
  type TemplatePlan,
} from './templates.ts';

const regionVariable = 'dynamodb_region';
const roleArnVariable = 'dynamodb_integration_role_arn';

/** API Gateway's default maximum for a REST integration (29 s). */
const integrationTimeoutMillis = 29_000;

/** What each servable action needs: its HTTP method, its templates and the statuses they can answer. */
const servedActions: Partial<
  Record<
    DynamoDbAction,
    { method: string; templates: (plan: TemplatePlan) => OperationTemplates; success: number; errors: string[] }
  >
> = {
  GetItem: {
    method: 'get',
    templates: getItemTemplates,
    success: 200,
    errors: ['validation-failed', 'not-found', 'service-unavailable', 'internal-error'],
  },
  DeleteItem: {
    method: 'delete',
    templates: deleteItemTemplates,
    success: 204,
    errors: ['validation-failed', 'not-found', 'precondition-failed', 'service-unavailable', 'internal-error'],
  },
};

/**
 * What API Gateway itself answers before calling DynamoDB. The request template is the only way a request reaches
 * DynamoDB, so it is declared for `application/json` alone with passthroughBehavior `never`: a request of any other
 * Content-Type, with or without a body, is refused with 415. `when_no_templates` refuses it the same way once a
 * template exists, and `when_no_match` would hand DynamoDB the client's body unmapped (AWS, "Method request
 * behavior for payloads without mapping templates for REST APIs in API Gateway",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/integration-passthrough-behaviors.html). No
 * mapping template key matches every media type, so the 415 is documented rather than avoided.
 */
const refusedByGateway = ['unsupported-media-type'];

/** The header a conditional delete reads the expected versions from. */
const ifMatchHeader = 'If-Match';

function fail(operation: ContractOperation, message: string): never {
  throw new ContractError(`${describeOperation(operation)}: the dynamodb integration ${message}`);
}

function servedAction(declaration: IntegrationDeclaration, operation: ContractOperation) {
  const [action, ...more] = declaration.dynamodbActions;
  const served = action === undefined ? undefined : servedActions[action];
  const servable = Object.entries(servedActions)
    .map(([name, { method }]) => `${name} on ${method?.toUpperCase()}`)
    .join(' or ');
  if (!served || more.length > 0 || served.method !== operation.method) {
    fail(
      operation,
      `serves exactly one of ${servable} (declared: ${JSON.stringify(declaration.dynamodbActions)}); serve it with the lambda integration`,
    );
  }
  return { action, ...served };
}

/** The shape of one stored property, from its schema. */
function shapeOf(document: JsonObject, schema: JsonObject): FieldShape | undefined {
  if (schema.type === 'string') return 'string';
  if (schema.type === 'integer' || schema.type === 'number') return 'number';
  if (schema.type === 'boolean') return 'boolean';
  if (schema.type === 'array' && deref(document, schema.items).type === 'string') return 'string-list';
  if (schema.type === 'object' && isObject(schema.additionalProperties) && schema.properties === undefined) {
    const values = deref(document, schema.additionalProperties);
    const alternatives = Array.isArray(values.oneOf) ? values.oneOf.map((v) => deref(document, v).type) : [values.type];
    if (
      alternatives.every((type) => type === 'string' || type === 'number' || type === 'integer' || type === 'boolean')
    )
      return 'scalar-map';
  }
  return undefined;
}

function storedFields(
  document: JsonObject,
  operation: ContractOperation,
  storedSchemaName: string,
): { fields: StoredField[]; versionField: string } {
  const schemas = objectAt(objectAt(document, 'components', '#'), 'schemas', '#.components');
  const stored = deref(document, objectAt(schemas, storedSchemaName, '#.components.schemas'));
  const properties = isObject(stored.properties) ? stored.properties : {};
  const fields = Object.entries(properties).map(([name, raw]) => {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name))
      fail(operation, `cannot read the ${storedSchemaName} property "${name}" in VTL`);
    const shape = shapeOf(document, deref(document, raw));
    if (!shape) {
      fail(
        operation,
        `cannot render ${storedSchemaName}.${name}: it renders strings, numbers, booleans, lists of strings and maps of those scalars`,
      );
    }
    return { name, shape };
  });
  const version = fields.find((field) => field.name === versionProperty);
  if (version?.shape !== 'number' || !Array.isArray(stored.required) || !stored.required.includes(versionProperty))
    fail(operation, `needs ${storedSchemaName}.${versionProperty}, a required number, for the ETag`);
  return { fields, versionField: versionProperty };
}

const locationOrder = { path: 0, querystring: 1, header: 2 } as const;
const checkedKeywords = new Set(['type', 'maxLength', 'minLength', 'pattern', 'description', 'example']);

/** Each parameter's rules, in the order Ajv's errors list them (path, then query, then headers). */
function parameterRules(document: JsonObject, operation: ContractOperation): ParameterRules[] {
  const parameters = Array.isArray(operation.operation.parameters) ? operation.operation.parameters : [];
  return parameters
    .map((raw: Json): ParameterRules => {
      const parameter = deref(document, raw);
      const name = stringAt(parameter, 'name', describeOperation(operation));
      const location = parameter.in === 'query' ? 'querystring' : parameter.in;
      if (location !== 'path' && location !== 'querystring' && location !== 'header')
        fail(operation, `cannot read the ${JSON.stringify(parameter.in)} parameter "${name}"`);
      if (location !== 'path' && parameter.required === true)
        fail(operation, `cannot check the required ${location} parameter "${name}" (only optional ones)`);
      const schema = parameter.schema === undefined ? {} : deref(document, parameter.schema);
      const unchecked = Object.keys(schema).filter((keyword) => !checkedKeywords.has(keyword));
      if (schema.type !== 'string' || unchecked.length > 0) {
        fail(
          operation,
          `checks string parameters by maxLength, minLength and pattern only; "${name}" has ${JSON.stringify(unchecked.length > 0 ? unchecked : { type: schema.type })}`,
        );
      }
      const errorLocation = { path: 'path', querystring: 'query', header: 'headers' }[location];
      const errorName = location === 'header' ? name.toLowerCase() : name;
      return {
        location,
        name,
        errorPath: `/${errorLocation}/${errorName}`,
        ...(typeof schema.maxLength === 'number' ? { maxLength: schema.maxLength } : {}),
        ...(typeof schema.minLength === 'number' ? { minLength: schema.minLength } : {}),
        ...(typeof schema.pattern === 'string' ? { pattern: schema.pattern } : {}),
      };
    })
    .sort((a, b) => locationOrder[a.location] - locationOrder[b.location]);
}

/** The resource the operation serves: one addressed by its partition key alone (no sort key, for now). */
function resourceServed(
  document: JsonObject,
  declaration: IntegrationDeclaration,
  operation: ContractOperation,
): { name: string; resource: ResourceDeclaration } {
  const resources = readResources(document);
  const declared = readOperationResource(resources, operation, declaration.dynamodbActions);
  if (!declared) fail(operation, 'needs the resource it serves (x-resource)');
  const resource = resources[declared.name] as ResourceDeclaration;
  if (resource.sortKey)
    fail(
      operation,
      `serves resources keyed by a partition key alone; ${declared.name} has a sort key: serve it with the lambda integration`,
    );
  return { name: declared.name, resource };
}

/** Everything the templates need, or a ContractError naming the operation and what the kind cannot do. */
export function planOf(declaration: IntegrationDeclaration, { document, operation }: IntegrationContext) {
  const served = servedAction(declaration, operation);
  const { name: resourceName, resource } = resourceServed(document, declaration, operation);
  const key = resource.partitionKey;
  if (!operation.path.endsWith(`/{${key.name}}`))
    fail(operation, `addresses the item by the table's partition key: the path must end in /{${key.name}}`);
  const parameters = parameterRules(document, operation);
  if (served.action === 'DeleteItem' && !parameters.some((p) => p.location === 'header' && p.name === ifMatchHeader))
    fail(
      operation,
      `deletes conditionally on the ${ifMatchHeader} header parameter, which the operation does not declare`,
    );
  const problems = readProblemTypes(document);
  const statuses = [served.success, ...served.errors.map((key) => problems[key]?.status)];
  const refusals = refusedByGateway.map((key) => problems[key]?.status);
  const documented = isObject(operation.operation.responses) ? operation.operation.responses : {};
  const undocumented = [...statuses, ...refusals].filter(
    (status) => status === undefined || !Object.hasOwn(documented, String(status)),
  );
  if (undocumented.length > 0)
    fail(operation, `can answer ${undocumented.join(', ')}, which the operation does not document`);
  const plan: TemplatePlan = {
    resource: resourceName,
    key: { name: key.name, type: key.type, parameter: key.name },
    ...storedFields(document, operation, resource.schema),
    parameters,
    ...(served.action === 'DeleteItem' ? { ifMatch: ifMatchHeader } : {}),
    problems,
    problemTypePrefix: problemTypeUriPrefixOf(document),
  };
  return { served, plan, statuses: statuses as number[] };
}

/** The operation's templates, piece by piece (for the golden files and the local emulator's tests). */
export function templatesOf(declaration: IntegrationDeclaration, context: IntegrationContext): OperationTemplates {
  const { served, plan } = planOf(declaration, context);
  return served.templates(plan);
}

const quoted = (value: string) => `'${value}'`;

export const dynamodbIntegration: IntegrationKind = {
  timeoutMillis: integrationTimeoutMillis,
  templateVariables: [regionVariable, tableNamesVariable, roleArnVariable],
  optionProblems: (options) =>
    Object.keys(options).map((key) => `"${key}" is not an option of the dynamodb integration (it takes none)`),
  gatewayIntegration(declaration, context) {
    const { served, plan } = planOf(declaration, context);
    const templates = served.templates(plan);
    const cors = readCors(context.document);
    const corsHeaders = {
      'method.response.header.Access-Control-Allow-Origin': quoted(cors.allowOrigin),
      'method.response.header.Access-Control-Expose-Headers': quoted(cors.exposeHeaders.join(',')),
    };
    const json = 'application/json';
    return {
      type: 'aws',
      httpMethod: 'POST',
      uri: `arn:aws:apigateway:\${${regionVariable}}:dynamodb:action/${served.action}`,
      credentials: `\${${roleArnVariable}}`,
      // Never hand DynamoDB a body the template did not write.
      passthroughBehavior: 'never',
      // JSON is a binary media type of the API (for the function's sake): CONVERT_TO_TEXT keeps a request body text
      // for the template and DynamoDB's answer text for the client, whatever its Accept; unset, a text answer to a
      // client accepting a binary type would be base64-decoded. AWS, "Content type conversions in API Gateway":
      // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-payload-encodings-workflow.html
      contentHandling: 'CONVERT_TO_TEXT',
      timeoutInMillis: integrationTimeoutMillis,
      requestTemplates: { [json]: templateText(templates.request) },
      responses: {
        default: {
          statusCode: String(served.success),
          contentHandling: 'CONVERT_TO_TEXT',
          responseParameters: {
            ...corsHeaders,
            ...(served.success === 204 ? {} : { 'method.response.header.Content-Type': quoted(json) }),
          },
          responseTemplates: { [json]: templateText(templates.success) },
        },
        // For an aws integration the selection pattern matches DynamoDB's HTTP status.
        '[45]\\d{2}': {
          statusCode: String(plan.problems['internal-error']?.status ?? 500),
          contentHandling: 'CONVERT_TO_TEXT',
          responseParameters: {
            ...corsHeaders,
            'method.response.header.Content-Type': quoted('application/problem+json'),
          },
          responseTemplates: { [json]: templateText(templates.failure) },
        },
      },
    };
  },
  methodResponseHeaders(declaration, context) {
    const { statuses } = planOf(declaration, context);
    const headers = ['Access-Control-Allow-Origin', 'Access-Control-Expose-Headers'];
    return Object.fromEntries(
      statuses.map((status) => [String(status), status === 204 ? headers : [...headers, 'Content-Type']]),
    );
  },
};
