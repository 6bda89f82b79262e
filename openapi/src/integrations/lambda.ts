/**
 * `x-integration: { type: lambda }`: API Gateway proxies the request to the one Lambda function
 * (`aws_proxy`), whose invoke ARN Terraform fills in. It takes no options of its own.
 */
import type { IntegrationKind } from './kind.ts';

const lambdaInvokeArnVariable = 'lambda_invoke_arn';

/** Terraform replaces this with the Lambda's invoke ARN (`templatefile(..., { lambda_invoke_arn = ... })`). */
export const lambdaInvokeArnPlaceholder = `\${${lambdaInvokeArnVariable}}`;

/** API Gateway's default maximum for a REST integration (29 s); the function's own timeouts must stay below it. */
const integrationTimeoutMillis = 29_000;

export const lambdaIntegration: IntegrationKind = {
  timeoutMillis: integrationTimeoutMillis,
  templateVariables: [lambdaInvokeArnVariable],
  optionProblems: (options) =>
    Object.keys(options).map((key) => `"${key}" is not an option of the lambda integration (it takes none)`),
  gatewayIntegration: () => ({
    type: 'aws_proxy',
    httpMethod: 'POST',
    uri: lambdaInvokeArnPlaceholder,
    passthroughBehavior: 'when_no_match',
    timeoutInMillis: integrationTimeoutMillis,
  }),
  methodResponseHeaders: () => ({}),
};
