/**
 * The runtime view of the contract that code needs and types cannot give: each operation's method, path,
 * statuses, parameters, body media types, integration kind, scopes and API key requirement, the routes API Gateway resolves, each object
 * schema's property names, the infrastructure facts (as in infrastructure.json), the CORS policy and the problem
 * types. The handler dispatches on it, the client and the e2e suite iterate over it, so nothing downstream
 * repeats a path, a status or a field name.
 */
import {
  deref,
  isObject,
  listOperations,
  methodsByPath,
  problemTypeUriPrefixOf,
  readApiName,
  readCors,
  readProblemTypes,
  stringAt,
  type ContractOperation,
  type Json,
  type JsonObject,
} from '../contract.ts';
import type { DynamoDbAction } from '../dynamodb-actions.ts';
import { readIntegration } from '../integrations/index.ts';
import { readOperationResource, readResources, readSortKeyConditions, resourceActions } from '../resources.ts';
import { readAccess, readOperationAccess } from '../security.ts';
import { generatedHeader } from './header.ts';
import { readInfrastructure } from './infrastructure.ts';

function statuses(document: JsonObject, operation: JsonObject) {
  const responses = isObject(operation.responses) ? operation.responses : {};
  const codes = Object.keys(responses).map(Number).filter(Number.isInteger);
  return {
    successStatuses: codes.filter((c) => c < 400),
    errorStatuses: codes.filter((c) => c >= 400),
    responseHeaders: Object.fromEntries(
      Object.entries(responses).map(([code, response]) => {
        const headers = deref(document, response).headers;
        return [code, isObject(headers) ? Object.keys(headers) : []];
      }),
    ),
    /** The component schema each success answers with as JSON, by status (absent: no JSON body, or an inline one). */
    successSchemas: Object.fromEntries(
      codes
        .filter((c) => c < 400)
        .flatMap((code) => {
          const name = jsonSchemaName(deref(document, responses[String(code)]));
          return name === null ? [] : [[String(code), name]];
        }),
    ),
  };
}

/** The JSON media type object of a request body or response (the first `*json` one), if any. */
function jsonContentOf(body: JsonObject): JsonObject | undefined {
  const content = isObject(body.content) ? body.content : {};
  const json = Object.entries(content).find(([type]) => /json/.test(type))?.[1];
  return isObject(json) ? json : undefined;
}

/** The component schema a JSON body names by `$ref`, or null (an inline schema, or no JSON body). */
function jsonSchemaName(body: JsonObject): string | null {
  const json = jsonContentOf(body);
  const ref = isObject(json) && isObject(json.schema) ? json.schema.$ref : undefined;
  return typeof ref === 'string' && ref.startsWith('#/components/schemas/')
    ? ref.slice('#/components/schemas/'.length)
    : null;
}

/** Resource template -> method -> operationId, in contract order. */
function routesOf(document: JsonObject): Record<string, Record<string, string>> {
  const routes: Record<string, Record<string, string>> = {};
  for (const { path, method, operationId } of listOperations(document)) {
    routes[path] = { ...routes[path], [method.toUpperCase()]: operationId };
  }
  return routes;
}

/** The property names of every component schema that declares properties, in contract order. */
function schemaPropertiesOf(document: JsonObject): Record<string, string[]> {
  const schemas =
    isObject(document.components) && isObject(document.components.schemas) ? document.components.schemas : {};
  const lists: Record<string, string[]> = {};
  for (const [name, raw] of Object.entries(schemas)) {
    const { properties } = deref(document, raw);
    if (isObject(properties)) lists[name] = Object.keys(properties);
  }
  return lists;
}

export function renderOperations(document: JsonObject): string {
  const info = isObject(document.info) ? document.info : {};
  const access = readAccess(document);
  const resources = readResources(document);
  /** An operation's `x-resource`, with a query's sort key conditions (parameter name by kind). */
  const resourceOf = (operation: ContractOperation, dynamodbActions: readonly DynamoDbAction[]) => {
    const resource = readOperationResource(resources, operation, dynamodbActions);
    const sortKeyConditions = readSortKeyConditions(document, resources, operation, resource);
    return resource && sortKeyConditions ? { ...resource, sortKeyConditions } : resource;
  };
  const operations: Record<string, Json> = {};
  for (const contractOperation of listOperations(document)) {
    const { operationId, method, path, operation } = contractOperation;
    const parameters = (Array.isArray(operation.parameters) ? operation.parameters : []).map((raw) => {
      const p = deref(document, raw);
      const schema = p.schema === undefined ? {} : deref(document, p.schema);
      const where = `${operationId} parameter`;
      return {
        name: stringAt(p, 'name', where),
        in: stringAt(p, 'in', where),
        required: p.required === true,
        default: schema.default ?? null,
      };
    });
    const body = operation.requestBody === undefined ? undefined : deref(document, operation.requestBody);
    const requestBody = body
      ? {
          required: body.required === true,
          contentTypes: Object.keys(isObject(body.content) ? body.content : {}),
          schema: jsonSchemaName(body),
          /** The JSON body's example: a request the contract documents as valid. */
          example: jsonContentOf(body)?.example ?? null,
        }
      : null;
    const integration = readIntegration(contractOperation);
    operations[operationId] = {
      method: method.toUpperCase(),
      path,
      parameters,
      requestBody,
      ...statuses(document, operation),
      integration: integration.type,
      resource: resourceOf(contractOperation, integration.dynamodbActions) as Json,
      ...readOperationAccess(access, contractOperation),
    };
  }
  const allowedMethods = Object.fromEntries(
    [...methodsByPath(listOperations(document))].map(([path, methods]) => [path, [...methods, 'OPTIONS']]),
  );
  const literal = (value: unknown) => JSON.stringify(value, null, 2);
  return `${generatedHeader('//')}

import type { components } from './schema.ts';

/** \`x-api-name\`: the API's name, which its problem types, OAuth resource server and AWS resources derive. */
export const apiName = ${literal(readApiName(document))} as const;

/** \`info.version\` of the contract. */
export const apiVersion = ${literal(info.version)} as const;

/** Every operation of the contract, by operationId. */
export const operations = ${literal(operations)} as const;

export type OperationId = keyof typeof operations;

/** \`x-resources\`: what the API stores, one table per resource, with each key and who chooses it. */
export const resources = ${literal(resources)} as const;

export type ResourceName = keyof typeof resources;

/** The shared actions an operation's \`x-resource\` can name, each with the one DynamoDB action serving it. */
export const resourceActions = ${literal(resourceActions)} as const;

export type ResourceAction = keyof typeof resourceActions;

/** The methods each path answers, OPTIONS (CORS preflight) included. */
export const allowedMethods = ${literal(allowedMethods)} as const;

/** The operation behind each resource template and method: what API Gateway's \`resource\` + \`httpMethod\` name. */
export const routes = ${literal(routesOf(document))} as const;

/** The same facts as infrastructure.json: integration timeout, tables and their keys, access, integration kinds and DynamoDB actions. */
export const infrastructure = ${literal(readInfrastructure(document))} as const;

/** Each object schema's property names, in contract order; each list names exactly its schema type's properties. */
export const schemaProperties = ${literal(schemaPropertiesOf(document))} as const satisfies {
  readonly [K in keyof components['schemas']]?: readonly (keyof components['schemas'][K])[];
};

/** The properties of schema \`K\` that \`Names\` leaves out (\`never\` when it lists them all). */
export type UnlistedProperties<K extends keyof components['schemas'], Names extends readonly PropertyKey[]> = Exclude<
  keyof components['schemas'][K],
  Names[number]
>;

type RequireNone<Unlisted extends never> = Unlisted;

/** Compile-time proof that every list in \`schemaProperties\` is complete: a property left out fails tsc here, by name. */
export type SchemaPropertiesAreComplete = RequireNone<
  { [K in keyof typeof schemaProperties]: UnlistedProperties<K, (typeof schemaProperties)[K]> }[keyof typeof schemaProperties]
>;

/** \`x-cors\`: the CORS policy that the gateway and the handler both apply. */
export const cors = ${literal(readCors(document))} as const;

/** \`x-problem-types\`: every kind of problem+json the API answers with. */
export const problemTypes = ${literal(readProblemTypes(document))} as const;

export type ProblemTypeKey = keyof typeof problemTypes;

/** A problem's \`type\` is this prefix followed by its key. */
export const problemTypeUriPrefix = ${literal(problemTypeUriPrefixOf(document))} as const;
`;
}
