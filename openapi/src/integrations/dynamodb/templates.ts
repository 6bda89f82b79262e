/**
 * The mapping templates of a direct DynamoDB integration, generated from the contract: the request template turns
 * the method request into the DynamoDB action's JSON, the response templates turn DynamoDB's answer into exactly
 * what the function would answer (status, headers, body). Items are rendered by VTL over DynamoDB's typed JSON
 * (`{"S": ...}`, `{"N": ...}`, `{"BOOL": ...}`, `{"L": ...}`, `{"M": ...}`), field by field from the Item schema,
 * in the schema's order, a field absent from the stored item absent from the answer.
 *
 * Every response template first re-checks the request's parameters against the contract (API Gateway runs no
 * validator here) and answers `validation-failed` with the errors Ajv would list; the request template of a write
 * turns an invalid request into a condition that can never hold, so nothing is written before that answer.
 *
 * A template is a list of pieces joined with nothing in between (text outside directives is output as is); the
 * golden files under openapi/test/golden/ show one piece a line.
 */
import type { DynamoDbKeyType, ProblemType } from '../../contract.ts';
import {
  conditionFailedErrorName,
  internalErrorDetail,
  notFoundDetail,
  parametersDetail,
  retryAfterSeconds,
  transientErrorNames,
  unavailableDetail,
  versionMismatchDetail,
  versionTagPattern,
} from '../../answers.ts';
import { ifElse, jsonLiteral, jsonStringOf, literal, vtlString } from './vtl.ts';

/** How a stored field is typed in DynamoDB, from its schema. */
export type FieldShape = 'string' | 'number' | 'boolean' | 'string-list' | 'scalar-map';

export interface StoredField {
  name: string;
  shape: FieldShape;
}

/** What the contract requires of one request parameter, in the terms Ajv checks and words its errors. */
export interface ParameterRules {
  location: 'path' | 'querystring' | 'header';
  name: string;
  /** Where Ajv's error points: `/path/id`, `/query/limit`, `/headers/if-match`. */
  errorPath: string;
  maxLength?: number;
  minLength?: number;
  pattern?: string;
}

/** Everything the templates of one operation are generated from. */
export interface TemplatePlan {
  /** The resource whose table the operation reads or writes. */
  resource: string;
  /** The table's partition key, which the key path parameter carries. */
  key: { name: string; type: DynamoDbKeyType; parameter: string };
  /** The Item schema's properties in order, as stored. */
  fields: StoredField[];
  /** The Item property the ETag carries. */
  versionField: string;
  /** The operation's parameters in the order Ajv reports them (path, query, headers). */
  parameters: ParameterRules[];
  /** The If-Match header parameter, for a conditional delete. */
  ifMatch?: string;
  problems: Record<string, ProblemType>;
  /** What a problem's `type` starts with (`urn:<api name>:problem:`). */
  problemTypePrefix: string;
}

/** Terraform's templatefile() fills this map with each resource's table (replica) name in the Region. */
export const tableNamesVariable = 'dynamodb_table_names';
/** Where a resource's table name goes: `${dynamodb_table_names.items}`. */
export const tableNamePlaceholder = (resource: string) => `\${${tableNamesVariable}.${resource}}`;

const problemJson = 'application/problem+json';

// ---- request parameters ---------------------------------------------------------------------------------------

const paramVar = (index: number) => `$param${index}`;
const givenVar = (index: number) => `$param${index}Given`;

/** Reads every parameter into `$paramN` (and `$paramNGiven`); header names match case-insensitively, as HTTP's do. */
function readParameters(plan: TemplatePlan): string[] {
  return plan.parameters.flatMap((parameter, index) => {
    const name = vtlString(parameter.name);
    if (parameter.location === 'path') {
      return [`#set(${paramVar(index)} = $input.params().path.get(${name}))`, `#set(${givenVar(index)} = true)`];
    }
    const compare = parameter.location === 'header' ? 'equalsIgnoreCase' : 'equals';
    return [
      `#set(${givenVar(index)} = false)`,
      `#foreach($name in $input.params().${parameter.location}.keySet())`,
      ...ifElse(`$name.${compare}(${name})`, [
        `#set(${paramVar(index)} = $input.params().${parameter.location}.get($name))`,
        `#set(${givenVar(index)} = true)`,
      ]),
      '#end',
    ];
  });
}

interface Check {
  flag: string;
  condition: (value: string) => string;
  message: string;
}

/** Ajv's keyword order for strings (maxLength, minLength, pattern) and its messages. */
function checksOf(parameter: ParameterRules, index: number): Check[] {
  const checks: Check[] = [];
  const { maxLength, minLength, pattern } = parameter;
  if (maxLength !== undefined) {
    checks.push({
      flag: `$param${index}TooLong`,
      condition: (value) => `${value}.length() > ${maxLength}`,
      message: `must NOT have more than ${maxLength} characters`,
    });
  }
  if (minLength !== undefined) {
    checks.push({
      flag: `$param${index}TooShort`,
      condition: (value) => `${value}.length() < ${minLength}`,
      message: `must NOT have fewer than ${minLength} characters`,
    });
  }
  if (pattern !== undefined) {
    checks.push({
      flag: `$param${index}Unmatched`,
      condition: (value) => `!${value}.matches(${vtlString(pattern)})`,
      message: `must match pattern "${pattern}"`,
    });
  }
  return checks;
}

/** Sets each check's flag, and `$invalid` when any fails. */
function checkParameters(plan: TemplatePlan): string[] {
  const pieces = ['#set($invalid = false)'];
  plan.parameters.forEach((parameter, index) => {
    const given = parameter.location === 'path' ? '' : `${givenVar(index)} && `;
    for (const check of checksOf(parameter, index)) {
      pieces.push(
        `#set(${check.flag} = false)`,
        ...ifElse(`${given}${check.condition(paramVar(index))}`, [
          `#set(${check.flag} = true)`,
          '#set($invalid = true)',
        ]),
      );
    }
  });
  return pieces;
}

/** The JSON array of Ajv-style errors for the failed checks. */
function parameterErrors(plan: TemplatePlan): string[] {
  const pieces = ['[', '#set($more = false)'];
  plan.parameters.forEach((parameter, index) => {
    for (const check of checksOf(parameter, index)) {
      pieces.push(
        ...ifElse(check.flag, [
          ...ifElse('$more', [',']),
          literal(`{"path":${JSON.stringify(parameter.errorPath)},"message":${JSON.stringify(check.message)}}`),
          '#set($more = true)',
        ]),
      );
    }
  });
  return [...pieces, ']'];
}

/** `$versions`: the versions an If-Match header names (parsed as etag.ts does); none when the request is invalid. */
function ifMatchVersions(plan: TemplatePlan): string[] {
  const index = plan.parameters.findIndex((p) => p.location === 'header' && p.name === plan.ifMatch);
  if (index < 0) {
    return ['#set($versions = [])', ...ifElse('$invalid', ['#set($anyVersion = false)'], ['#set($anyVersion = true)'])];
  }
  const value = paramVar(index);
  return [
    '#set($anyVersion = true)',
    '#set($versions = [])',
    ...ifElse(
      '$invalid',
      ['#set($anyVersion = false)'],
      [
        ...ifElse(`${givenVar(index)} && ${value} != '*'`, [
          '#set($anyVersion = false)',
          '#set($inTag = false)',
          '#set($weak = false)',
          // Entity tags hold no `"`: split at the quotes, every second part is a tag's text, the part before it
          // ends in W/ when the tag is weak (weak tags never match).
          `#foreach($part in ${value}.split('"'))`,
          ...ifElse(
            '$inTag',
            [
              ...ifElse(`!$weak && $part.matches(${vtlString(versionTagPattern)})`, [
                '#set($added = $versions.add($part))',
              ]),
              '#set($inTag = false)',
            ],
            ["#set($weak = $part.endsWith('W/'))", '#set($inTag = true)'],
          ),
          '#end',
        ]),
      ],
    ),
  ];
}

// ---- answers ----------------------------------------------------------------------------------------------------

interface ProblemOptions {
  /** The template's own Content-Type mapping is not problem+json (a success response that can turn into one). */
  overrideContentType: boolean;
  /** Pieces that print the detail as a JSON string. */
  detail: string[];
  headers?: Record<string, string>;
  errors?: string[];
}

function problem(plan: TemplatePlan, key: string, options: ProblemOptions): string[] {
  const type = plan.problems[key];
  if (!type) throw new Error(`x-problem-types has no "${key}"`);
  return [
    `#set($context.responseOverride.status = ${type.status})`,
    ...(options.overrideContentType ? [`#set($context.responseOverride.header.Content-Type = '${problemJson}')`] : []),
    ...Object.entries(options.headers ?? {}).map(
      ([name, value]) => `#set($context.responseOverride.header.${name} = ${vtlString(value)})`,
    ),
    literal(
      `{"type":${JSON.stringify(plan.problemTypePrefix + key)},"title":${JSON.stringify(type.title)},"status":${type.status},"detail":`,
    ),
    ...options.detail,
    literal(',"instance":'),
    jsonStringOf('$context.path'),
    literal(',"requestId":"'),
    '$context.requestId',
    literal('"'),
    ...(options.errors ? [literal(',"errors":'), ...options.errors] : []),
    literal('}'),
  ];
}

function invalidParameters(plan: TemplatePlan, overrideContentType: boolean): string[] {
  return problem(plan, 'validation-failed', {
    overrideContentType,
    detail: [jsonLiteral(parametersDetail)],
    errors: parameterErrors(plan),
  });
}

function notFound(plan: TemplatePlan, overrideContentType: boolean): string[] {
  const key = paramVar(plan.parameters.findIndex((p) => p.location === 'path' && p.name === plan.key.parameter));
  const quoted = jsonStringOf(key);
  return problem(plan, 'not-found', {
    overrideContentType,
    // The id inside the detail's quotes: the escaped id without its own JSON quotes.
    detail: [
      literal(JSON.stringify(notFoundDetail.before).slice(0, -1)),
      quoted.slice(1, -1),
      literal(JSON.stringify(notFoundDetail.after).slice(1)),
    ],
  });
}

function versionMismatch(plan: TemplatePlan): string[] {
  const { oneVersion, otherwise } = versionMismatchDetail;
  return problem(plan, 'precondition-failed', {
    overrideContentType: false,
    detail: ifElse(
      '$versions.size() == 1',
      [
        literal(JSON.stringify(oneVersion.before).slice(0, -1)),
        '$versions.get(0)',
        literal(JSON.stringify(oneVersion.after).slice(1)),
      ],
      [jsonLiteral(otherwise)],
    ),
  });
}

/** DynamoDB's error name (`__type` is `com.amazonaws.dynamodb.v20120810#Name`) into `$errorName`. */
const readErrorName = [
  "#set($errorType = '')",
  "#set($errorType = $input.path('$.__type'))",
  "#set($errorName = $errorType.replaceAll('^.*#', ''))",
];

function unavailableOrInternal(plan: TemplatePlan): string[] {
  return ifElse(
    transientErrorNames.map((name) => `$errorName == ${vtlString(name)}`).join(' || '),
    problem(plan, 'service-unavailable', {
      overrideContentType: false,
      detail: [jsonLiteral(unavailableDetail)],
      headers: { 'Retry-After': String(retryAfterSeconds) },
    }),
    problem(plan, 'internal-error', { overrideContentType: false, detail: [jsonLiteral(internalErrorDetail)] }),
  );
}

/** A field's value from its typed DynamoDB attribute `attribute` (e.g. `$item.name`). */
function fieldValue(field: StoredField, attribute: string): string[] {
  switch (field.shape) {
    case 'string':
      return [jsonStringOf(`${attribute}.S`)];
    case 'number':
      return [`${attribute}.N`];
    case 'boolean':
      return [`${attribute}.BOOL`];
    case 'string-list':
      return [
        '[',
        `#foreach($element in ${attribute}.L)`,
        jsonStringOf('$element.S'),
        ...ifElse('$foreach.hasNext', [',']),
        '#end',
        ']',
      ];
    case 'scalar-map':
      // A map of strings, numbers and booleans: the one attribute present in each value says which.
      return [
        '{',
        `#foreach($name in ${attribute}.M.keySet())`,
        `#set($value = ${attribute}.M.get($name))`,
        jsonStringOf('$name'),
        ':',
        '#if("$!value.N" != "")',
        '$value.N',
        '#elseif("$!value.BOOL" != "")',
        '$value.BOOL',
        '#else',
        jsonStringOf('$value.S'),
        '#end',
        ...ifElse('$foreach.hasNext', [',']),
        '#end',
        '}',
      ];
  }
}

/** The stored item in `$item` as the function answers it, with its version as ETag. */
function item(plan: TemplatePlan): string[] {
  const pieces = [
    "#set($quote = '\"')",
    `#set($context.responseOverride.header.ETag = "$quote$item.${plan.versionField}.N$quote")`,
    '#set($more = false)',
    '{',
  ];
  for (const field of plan.fields) {
    const attribute = `$item.${field.name}`;
    pieces.push(
      ...ifElse(`"$!${attribute.slice(1)}" != ""`, [
        ...ifElse('$more', [',']),
        literal(`${JSON.stringify(field.name)}:`),
        ...fieldValue(field, attribute),
        '#set($more = true)',
      ]),
    );
  }
  return [...pieces, '}'];
}

// ---- templates --------------------------------------------------------------------------------------------------

export interface OperationTemplates {
  request: string[];
  /** For DynamoDB's 2xx (the integration response `default`). */
  success: string[];
  /** For DynamoDB's 4xx and 5xx. */
  failure: string[];
}

function keyObject(plan: TemplatePlan): string[] {
  const key = paramVar(plan.parameters.findIndex((p) => p.location === 'path' && p.name === plan.key.parameter));
  return [
    literal(`"Key":{${JSON.stringify(plan.key.name)}:{${JSON.stringify(plan.key.type)}:`),
    jsonStringOf(key),
    literal('}}'),
  ];
}

const tableName = (plan: TemplatePlan) => `{"TableName":"${tableNamePlaceholder(plan.resource)}",`;

export function getItemTemplates(plan: TemplatePlan): OperationTemplates {
  return {
    request: [...readParameters(plan), tableName(plan), ...keyObject(plan), literal(',"ConsistentRead":true}')],
    success: [
      ...readParameters(plan),
      ...checkParameters(plan),
      ...ifElse('$invalid', invalidParameters(plan, true), [
        // A missing path is null, which #set does not assign: start from ''.
        "#set($item = '')",
        "#set($item = $input.path('$.Item'))",
        ...ifElse('"$!item" == ""', notFound(plan, true), item(plan)),
      ]),
    ],
    failure: [
      ...readParameters(plan),
      ...checkParameters(plan),
      ...ifElse('$invalid', invalidParameters(plan, false), [...readErrorName, ...unavailableOrInternal(plan)]),
    ],
  };
}

/** `#k` and `#v` as JSON escapes: DynamoDB reads `#`, Velocity never sees one. */
const keyName = String.raw`\u0023k`;
const versionName = String.raw`\u0023v`;

export function deleteItemTemplates(plan: TemplatePlan): OperationTemplates {
  const names = (withVersion: boolean) =>
    literal(
      `"ExpressionAttributeNames":{"${keyName}":${JSON.stringify(plan.key.name)}${withVersion ? `,"${versionName}":${JSON.stringify(plan.versionField)}` : ''}}`,
    );
  const exists = `attribute_exists(${keyName})`;
  return {
    request: [
      ...readParameters(plan),
      ...checkParameters(plan),
      ...ifMatchVersions(plan),
      tableName(plan),
      ...keyObject(plan),
      ',',
      ...ifElse(
        '$anyVersion',
        [literal(`"ConditionExpression":"${exists}",`), names(false)],
        ifElse(
          '$versions.isEmpty()',
          // No version can match (or the request is invalid): a condition that never holds, so nothing is deleted.
          [
            literal(`"ConditionExpression":"${exists} AND ${versionName} = :never",`),
            names(true),
            literal(',"ExpressionAttributeValues":{":never":{"N":"-1"}}'),
          ],
          [
            literal(`"ConditionExpression":"${exists} AND ${versionName} `),
            ...ifElse(
              '$versions.size() == 1',
              ['= :v1'],
              [
                ' IN (', // a space: "#elseIN" would not be #else
                '#foreach($version in $versions)',
                ':v$foreach.count',
                ...ifElse('$foreach.hasNext', [', ']),
                '#end',
                ')',
              ],
            ),
            '",',
            names(true),
            ',"ExpressionAttributeValues":{',
            '#foreach($version in $versions)',
            '":v$foreach.count":{"N":"$version"}',
            ...ifElse('$foreach.hasNext', [',']),
            '#end',
            '}',
          ],
        ),
      ),
      // On a failed condition DynamoDB returns the item when it exists: 412 then, 404 when it does not.
      literal(',"ReturnValuesOnConditionCheckFailure":"ALL_OLD"}'),
    ],
    // Only a valid request can delete (see ifMatchVersions): success is 204 with no body.
    success: ['#set($context.responseOverride.status = 204)'],
    failure: [
      ...readParameters(plan),
      ...checkParameters(plan),
      ...ifElse('$invalid', invalidParameters(plan, false), [
        ...readErrorName,
        ...ifElse(
          `$errorName == ${vtlString(conditionFailedErrorName)}`,
          [
            ...ifMatchVersions(plan),
            "#set($oldItem = '')",
            "#set($oldItem = $input.path('$.Item'))",
            ...ifElse('"$!oldItem" == ""', notFound(plan, false), versionMismatch(plan)),
          ],
          unavailableOrInternal(plan),
        ),
      ]),
    ],
  };
}

/** A template as API Gateway gets it. */
export function templateText(pieces: string[]): string {
  const text = pieces.join('');
  // A backslash before $ or # is Velocity's escape: two pieces must never meet that way.
  if (/\\[$#]/.test(text)) throw new Error(`A generated template holds a Velocity escape: ${text}`);
  // A directive without parentheses runs into the text after it: `#else` then `IN` is `#elseIN`, printed as text.
  const runOn = /#(?:else(?!if\()|end)[A-Za-z0-9_]/.exec(text);
  if (runOn) throw new Error(`A generated template runs a directive into text ("${runOn[0]}"): ${text}`);
  return text;
}

/** A template one piece a line, as the golden files hold it. */
export function goldenText(pieces: string[]): string {
  return `${pieces.join('\n')}\n`;
}
