/**
 * The API Gateway body as the local stage serves it: the generated body is a Terraform `templatefile()` template,
 * so the local stage renders it the same way, with its own values for the variables Terraform fills on AWS (the
 * function's invoke ARN, each resource's table name, the Region, the direct integrations' execution role, the user
 * pool).
 */
import { localRegion } from '@items-api/dynamodb-local';
import { localApi } from './gateway/request-context.ts';

/** A template variable's value: a string, or a map read by attribute (`${dynamodb_table_names.items}`). */
export type TemplateValue = string | Readonly<Record<string, string>>;

/** The local stage's value of each variable a kind declares (`templateVariables` in openapi/src/integrations). */
export function localTemplateValues(tableNames: Readonly<Record<string, string>>): Record<string, TemplateValue> {
  const functionArn = `arn:aws:lambda:${localRegion}:${localApi.accountId}:function:items-api-local`;
  return {
    lambda_invoke_arn: `arn:aws:apigateway:${localRegion}:lambda:path/2015-03-31/functions/${functionArn}/invocations`,
    dynamodb_table_names: tableNames,
    dynamodb_region: localRegion,
    dynamodb_integration_role_arn: `arn:aws:iam::${localApi.accountId}:role/items-api-local-dynamodb-integration`,
    // The one pool the authorizer trusts; the local gateway maps every pool to the stage's own token issuer.
    cognito_user_pool_arn: `arn:aws:cognito-idp:${localRegion}:${localApi.accountId}:userpool/${localRegion}_local`,
  };
}

/** The string `${expression}` stands for: a string variable, or a map variable's attribute (`name.key`). */
function valueOf(expression: string, values: Readonly<Record<string, TemplateValue>>): string {
  const [variable = '', key, ...rest] = expression.split('.');
  const value = Object.hasOwn(values, variable) ? values[variable] : undefined;
  if (value === undefined)
    throw new Error(
      `The API Gateway body uses \${${expression}}, a template variable the local stage has no value for`,
    );
  if (typeof value === 'string' && key === undefined) return value;
  if (typeof value !== 'string' && key !== undefined && rest.length === 0) {
    if (Object.hasOwn(value, key)) return value[key] as string;
    throw new Error(
      `The API Gateway body uses \${${expression}}, but ${variable} has no entry "${key}" on the local stage (it has: ${Object.keys(value).join(', ')})`,
    );
  }
  const shape =
    typeof value === 'string' ? 'a string, not a map' : `a map: name one of its entries (${variable}.<key>)`;
  throw new Error(`The API Gateway body uses \${${expression}}, but ${variable} is ${shape}`);
}

/**
 * `templatefile()` over every string of `body`: `${name}` is the variable's value, `${name.key}` an entry of a
 * map variable, `$${` and `%%{` are a literal `${` and `%{`. A variable or entry without a value, or a `%{`
 * directive, is an error, as it is for Terraform.
 */
export function renderBodyTemplate<T>(body: T, values: Readonly<Record<string, TemplateValue>>): T {
  const render = (text: string) =>
    text.replace(/\$\$\{|%%\{|\$\{([^}]*)\}|%\{/g, (match, name?: string) => {
      if (match === '$${') return '${';
      if (match === '%%{') return '%{';
      if (match === '%{')
        throw new Error(
          'The API Gateway body holds a templatefile() directive (%{), which the local stage does not render',
        );
      return valueOf((name ?? '').trim(), values);
    });
  return JSON.parse(JSON.stringify(body), (_key, value: unknown) =>
    typeof value === 'string' ? render(value) : value,
  ) as T;
}
