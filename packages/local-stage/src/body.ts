/**
 * The API Gateway body as the local stage serves it: the generated body is a Terraform `templatefile()` template,
 * so the local stage renders it the same way, with its own values for the variables Terraform fills on AWS (the
 * function's invoke ARN, the table's name, the Region, the direct integrations' execution role, the user pool).
 */
import { localRegion } from '@items-api/dynamodb-local';
import { localApi } from './gateway/request-context.ts';

/** The local stage's value of each variable a kind declares (`templateVariables` in openapi/src/integrations). */
export function localTemplateValues(tableName: string): Record<string, string> {
  const functionArn = `arn:aws:lambda:${localRegion}:${localApi.accountId}:function:items-api-local`;
  return {
    lambda_invoke_arn: `arn:aws:apigateway:${localRegion}:lambda:path/2015-03-31/functions/${functionArn}/invocations`,
    dynamodb_table_name: tableName,
    dynamodb_region: localRegion,
    dynamodb_integration_role_arn: `arn:aws:iam::${localApi.accountId}:role/items-api-local-dynamodb-integration`,
    // The one pool the authorizer trusts; the local gateway maps every pool to the stage's own token issuer.
    cognito_user_pool_arn: `arn:aws:cognito-idp:${localRegion}:${localApi.accountId}:userpool/${localRegion}_local`,
  };
}

/**
 * `templatefile()` over every string of `body`: `${name}` is the variable's value, `$${` and `%%{` are a literal
 * `${` and `%{`. A variable without a value or a `%{` directive is an error, as it is for Terraform.
 */
export function renderBodyTemplate<T>(body: T, values: Record<string, string>): T {
  const render = (text: string) =>
    text.replace(/\$\$\{|%%\{|\$\{([^}]*)\}|%\{/g, (match, name?: string) => {
      if (match === '$${') return '${';
      if (match === '%%{') return '%{';
      if (match === '%{')
        throw new Error(
          'The API Gateway body holds a templatefile() directive (%{), which the local stage does not render',
        );
      const variable = (name ?? '').trim();
      if (!Object.hasOwn(values, variable))
        throw new Error(
          `The API Gateway body uses \${${variable}}, a template variable the local stage has no value for`,
        );
      return values[variable] as string;
    });
  return JSON.parse(JSON.stringify(body), (_key, value: unknown) =>
    typeof value === 'string' ? render(value) : value,
  ) as T;
}
