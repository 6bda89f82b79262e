/**
 * Request and schema validators compiled ahead of time with Ajv's standalone code generation, so the handler
 * validates against the contract without compiling a schema at cold start.
 *
 * Three Ajv instances, each emitted into its own function scope:
 *  - parameters (`validators.js`): one validator per operation over `{ path, query, headers }` (header names lower-case). It
 *    coerces strings (a query string has no numbers) and fills in defaults (`limit`), in place.
 *  - bodies (`validators.js`): one validator per operation with a request body, strict (no coercion, no defaults).
 *  - schemas: every component schema (responses included), for tests and tools, in its own file
 *    (`schema-validators.js`) so the handler's bundle does not carry it or the date-time format code.
 * OpenAPI 3.0 `nullable` is honoured natively by Ajv; `format: date-time` comes from ajv-formats, imported at
 * run time as plain code (not compiled).
 */
import { Ajv, type Options } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import addFormatsModule from 'ajv-formats';
import {
  ContractError,
  deref,
  isObject,
  listOperations,
  objectAt,
  stringAt,
  type Json,
  type JsonObject,
} from '../contract.ts';
import { generatedHeader } from './header.ts';

const componentsId = 'items-api-components.json';

// ajv-formats is CommonJS; under Node's ESM interop its default export may be the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as (ajv: Ajv, formats: string[]) => Ajv;

/** Rewrites `#/components/schemas/X` references to point into the shared components schema. */
function rewriteRefs(value: Json): Json {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '$ref' && typeof child === 'string') {
      if (!child.startsWith('#/components/schemas/')) {
        throw new ContractError(
          `validators: only #/components/schemas references are supported in schemas, found "${child}"`,
        );
      }
      out[key] = `${componentsId}#/definitions/${child.slice('#/components/schemas/'.length)}`;
    } else {
      out[key] = rewriteRefs(child);
    }
  }
  return out;
}

function newAjv(document: JsonObject, options: Options): Ajv {
  const ajv = new Ajv({
    ...options,
    allErrors: true,
    // Shared component schemas become shared functions instead of being inlined at every use: a smaller bundle.
    inlineRefs: false,
    strict: true,
    strictTypes: false, // `oneOf` of differently typed branches (AttributeValue) is intended
    code: { source: true, esm: true, lines: true },
  });
  // OpenAPI annotations that are not JSON Schema keywords.
  ajv.addVocabulary(['example', 'externalDocs', 'xml']);
  addFormats(ajv, ['date-time']);
  const schemas = objectAt(objectAt(document, 'components', '#'), 'schemas', '#/components');
  ajv.addSchema({ $id: componentsId, definitions: rewriteRefs(schemas) as JsonObject });
  return ajv;
}

/** Schema names, property keys and operationIds become JS identifiers: keep them safe. */
function identifier(name: string): string {
  if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name))
    throw new ContractError(`validators: "${name}" is not a valid identifier`);
  return name;
}

/** An integer as a query string or header may write it: decimal digits, no sign other than `-`, no leading zero. */
const integerText = '^(0|-?[1-9][0-9]*)$';

/**
 * A parameter's schema, with an integer checked as text before Ajv coerces it: Ajv's coercion is JavaScript's
 * `Number()`, which takes `0x10`, `1e1`, `+5`, ` 5`, `01` and `1.0` as numbers. The first `allOf` branch sees the
 * text as sent (a default, filled in as a number, is coerced to text for it), the second coerces it in place and
 * checks the contract's schema. The default stays outside `allOf`, where Ajv fills it in.
 */
function strictlyCoerced(schema: JsonObject): JsonObject {
  if (schema.type === 'number')
    throw new ContractError('validators: a parameter of type number is not supported; use integer or string');
  if (schema.type !== 'integer') return schema;
  const { default: fallback, ...checks } = schema;
  return {
    ...(fallback !== undefined ? { default: fallback } : {}),
    allOf: [{ type: 'string', pattern: integerText }, checks],
  };
}

/**
 * Ajv's standalone output still `require()`s its runtime helpers even in ESM mode. Turn those into ESM imports
 * (collected once per file) and return the code with the `export` lines taken out, plus the exported names.
 */
function toScopedCode(code: string, imports: Map<string, string>): { body: string; exported: Map<string, string> } {
  const exported = new Map<string, string>();
  const body = code
    .split('\n')
    .filter((line) => line !== '"use strict";')
    .map((line) => {
      const exportMatch = /^export const (\w+) = (\w+);$/.exec(line);
      if (exportMatch) {
        exported.set(exportMatch[1] as string, exportMatch[2] as string);
        return '';
      }
      return line.replace(/require\("([^"]+)"\)/g, (_all, specifier: string) => {
        const file = specifier.endsWith('.js') ? specifier : `${specifier}.js`;
        let local = imports.get(file);
        if (!local) {
          local = `runtime${imports.size}`;
          imports.set(file, local);
        }
        return local;
      });
    })
    .filter((line) => line !== '')
    .join('\n');
  return { body, exported };
}

interface CompiledValidators {
  js: string;
  dts: string;
  schemasJs: string;
  schemasDts: string;
}

const cache = new WeakMap<JsonObject, CompiledValidators>();

function compile(document: JsonObject): CompiledValidators {
  const cached = cache.get(document);
  if (cached) return cached;

  const operations = listOperations(document);
  const parametersAjv = newAjv(document, { coerceTypes: true, useDefaults: true });
  const bodiesAjv = newAjv(document, {});
  const schemasAjv = newAjv(document, {});

  const parameterExports: Record<string, string> = {};
  const parameterIds = new Map<string, string>();
  const bodyExports: Record<string, string> = {};
  const bodyInfo: Record<string, { contentTypes: string[]; schemaName: string | null } | null> = {};

  for (const { operationId, operation } of operations) {
    identifier(operationId);
    const locations: Record<'path' | 'query' | 'headers', { properties: JsonObject; required: string[] }> = {
      path: { properties: {}, required: [] },
      query: { properties: {}, required: [] },
      headers: { properties: {}, required: [] },
    };
    for (const raw of Array.isArray(operation.parameters) ? operation.parameters : []) {
      const parameter = deref(document, raw);
      const location = stringAt(parameter, 'in', `validators: ${operationId} parameter`);
      const where = location === 'header' ? 'headers' : location;
      if (where !== 'path' && where !== 'query' && where !== 'headers') {
        throw new ContractError(
          `validators: ${operationId} has a parameter in "${location}", which the handler does not read`,
        );
      }
      // HTTP header names are case-insensitive; the handler lower-cases them before validating.
      const declaredName = stringAt(parameter, 'name', `validators: ${operationId} parameter`);
      const name = where === 'headers' ? declaredName.toLowerCase() : declaredName;
      locations[where].properties[name] = strictlyCoerced(rewriteRefs(parameter.schema ?? {}) as JsonObject);
      if (parameter.required === true) locations[where].required.push(name);
    }
    // The handler always passes { path, query, headers } as objects, so only declared parameters are checked.
    const properties = Object.fromEntries(
      Object.entries(locations)
        .filter(([, { properties }]) => Object.keys(properties).length > 0)
        .map(([where, { properties, required }]) => [
          where,
          { properties, ...(required.length > 0 ? { required } : {}) },
        ]),
    );
    // Operations with the same parameters share one compiled validator (a smaller bundle).
    const signature = JSON.stringify(properties);
    let id = parameterIds.get(signature);
    if (!id) {
      id = `parameters.${operationId}`;
      parameterIds.set(signature, id);
      parametersAjv.addSchema({ $id: id, properties });
    }
    parameterExports[operationId] = id;

    if (operation.requestBody === undefined) {
      bodyInfo[operationId] = null;
      continue;
    }
    const content = objectAt(deref(document, operation.requestBody), 'content', `${operationId}.requestBody`);
    const contentTypes = Object.keys(content);
    const schemas = contentTypes.map((type) => JSON.stringify(deref(document, content[type]).schema ?? {}));
    if (contentTypes.length === 0 || schemas.some((s) => s !== schemas[0])) {
      throw new ContractError(`validators: ${operationId}'s request body must have one schema for all its media types`);
    }
    const schema = deref(document, content[contentTypes[0] as string]).schema ?? {};
    const ref = isObject(schema) && typeof schema.$ref === 'string' ? schema.$ref : undefined;
    bodiesAjv.addSchema({ $id: `body.${operationId}`, ...(rewriteRefs(schema) as JsonObject) });
    bodyExports[operationId] = `body.${operationId}`;
    bodyInfo[operationId] = {
      contentTypes,
      schemaName: ref?.startsWith('#/components/schemas/') ? (ref.split('/').pop() ?? null) : null,
    };
  }

  const schemaNames = Object.keys(objectAt(objectAt(document, 'components', '#'), 'schemas', '#/components')).map(
    identifier,
  );
  const schemaExports = Object.fromEntries(schemaNames.map((name) => [name, `${componentsId}#/definitions/${name}`]));

  const scoped = (ajv: Ajv, exportsByName: Record<string, string>, variable: string, imports: Map<string, string>) => {
    const { body, exported } = toScopedCode(standaloneCode(ajv, exportsByName), imports);
    const entries = [...exported].map(([name, fn]) => `  ${JSON.stringify(name)}: ${fn},`).join('\n');
    return `const ${variable} = (() => {\n${body}\nreturn {\n${entries}\n};\n})();`;
  };
  const importLines = (imports: Map<string, string>) =>
    [...imports].map(([file, local]) => `import ${local} from ${JSON.stringify(file)};`).join('\n');

  const requestImports = new Map<string, string>();
  const parametersCode = scoped(parametersAjv, parameterExports, 'parameterValidators', requestImports);
  const bodiesCode = scoped(bodiesAjv, bodyExports, 'bodyValidators', requestImports);
  const schemaImports = new Map<string, string>();
  const schemasCode = scoped(schemasAjv, schemaExports, 'componentValidators', schemaImports);

  const requestEntries = operations
    .map(({ operationId }) => {
      const info = bodyInfo[operationId];
      const body = info
        ? `{ contentTypes: ${JSON.stringify(info.contentTypes)}, validate: bodyValidators[${JSON.stringify(operationId)}] }`
        : 'null';
      return `  ${operationId}: { parameters: parameterValidators[${JSON.stringify(operationId)}], body: ${body} },`;
    })
    .join('\n');

  const js = `${generatedHeader('//')}
// Ajv standalone validators for each operation's parameters and request body.
/* eslint-disable */
${importLines(requestImports)}

${parametersCode}

${bodiesCode}

/** Per operation: the parameters validator (coerces and fills defaults in place) and the body validator. */
export const requestValidators = {
${requestEntries}
};
`;

  const schemasJs = `${generatedHeader('//')}
// Ajv standalone validators for every component schema of the contract (responses included), by name.
/* eslint-disable */
${importLines(schemaImports)}

${schemasCode}

export const schemaValidators = componentValidators;
`;

  const dtsRequestEntries = operations
    .map(({ operationId }) => {
      const info = bodyInfo[operationId];
      const bodyType = info
        ? `{ readonly contentTypes: readonly string[]; readonly validate: Validator<${info.schemaName ? `components['schemas']['${info.schemaName}']` : 'unknown'}> }`
        : 'null';
      return `  readonly ${operationId}: { readonly parameters: Validator<RequestParameters>; readonly body: ${bodyType} };`;
    })
    .join('\n');
  const dtsSchemaEntries = schemaNames
    .map((name) => `  readonly ${name}: Validator<components['schemas']['${name}']>;`)
    .join('\n');

  const commonTypes = `/** One failed check, as Ajv reports it. \`instancePath\` is a JSON pointer into the validated value. */
export interface ValidationError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** A compiled validator: returns whether \`data\` is valid and leaves the failures in \`errors\`. */
export interface Validator<T> {
  (data: unknown): data is T;
  errors?: ValidationError[] | null;
}`;

  const dts = `${generatedHeader('//')}
import type { components } from './schema.ts';

${commonTypes}

/** What a parameters validator takes: the request's parameters by location, header names lower-case. */
export interface RequestParameters {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
}

export declare const requestValidators: {
${dtsRequestEntries}
};
`;

  const schemasDts = `${generatedHeader('//')}
import type { components } from './schema.ts';
import type { Validator } from './validators.js';

export type { ValidationError, Validator } from './validators.js';

export declare const schemaValidators: {
${dtsSchemaEntries}
};
`;

  const result = { js, dts, schemasJs, schemasDts };
  cache.set(document, result);
  return result;
}

export function renderValidators(document: JsonObject): string {
  return compile(document).js;
}

export function renderValidatorTypes(document: JsonObject): string {
  return compile(document).dts;
}

export function renderSchemaValidators(document: JsonObject): string {
  return compile(document).schemasJs;
}

export function renderSchemaValidatorTypes(document: JsonObject): string {
  return compile(document).schemasDts;
}
