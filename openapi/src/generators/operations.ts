/**
 * The runtime view of the contract that code needs and types cannot give: each operation's method, path,
 * statuses, parameters and body media types, the CORS policy and the problem types. The handler dispatches
 * on it, the client and the e2e suite iterate over it, so nothing downstream repeats a path or a status.
 */
import {
  deref,
  isObject,
  listOperations,
  methodsByPath,
  problemTypeUriPrefix,
  readCors,
  readProblemTypes,
  type Json,
  type JsonObject,
} from '../contract.ts';
import { generatedHeader } from './header.ts';

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
  };
}

export function renderOperations(document: JsonObject): string {
  const info = isObject(document.info) ? document.info : {};
  const operations: Record<string, Json> = {};
  for (const { operationId, method, path, operation } of listOperations(document)) {
    const parameters = (Array.isArray(operation.parameters) ? operation.parameters : []).map((raw) => {
      const p = deref(document, raw);
      const schema = p.schema === undefined ? {} : deref(document, p.schema);
      return { name: String(p.name), in: String(p.in), required: p.required === true, default: schema.default ?? null };
    });
    const body = operation.requestBody === undefined ? undefined : deref(document, operation.requestBody);
    const requestBody = body
      ? {
          required: body.required === true,
          contentTypes: Object.keys(isObject(body.content) ? body.content : {}),
        }
      : null;
    operations[operationId] = {
      method: method.toUpperCase(),
      path,
      parameters,
      requestBody,
      ...statuses(document, operation),
    };
  }
  const allowedMethods = Object.fromEntries(
    [...methodsByPath(listOperations(document))].map(([path, methods]) => [path, [...methods, 'OPTIONS']]),
  );
  const literal = (value: unknown) => JSON.stringify(value, null, 2);
  return `${generatedHeader('//')}

/** \`info.version\` of the contract. */
export const apiVersion = ${literal(info.version)} as const;

/** Every operation of the contract, by operationId. */
export const operations = ${literal(operations)} as const;

export type OperationId = keyof typeof operations;

/** The methods each path answers, OPTIONS (CORS preflight) included. */
export const allowedMethods = ${literal(allowedMethods)} as const;

/** \`x-cors\`: the CORS policy that the gateway and the handler both apply. */
export const cors = ${literal(readCors(document))} as const;

/** \`x-problem-types\`: every kind of problem+json the API answers with. */
export const problemTypes = ${literal(readProblemTypes(document))} as const;

export type ProblemTypeKey = keyof typeof problemTypes;

/** A problem's \`type\` is this prefix followed by its key. */
export const problemTypeUriPrefix = ${literal(problemTypeUriPrefix)} as const;
`;
}
