/** The integration kinds: what each renders into the body, and the lambda kind's own facts. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadContract } from '../src/contract.ts';
import { withoutTemplateVariables } from '../src/generators/apigateway-body.ts';
import { overrideIntegrations } from '../src/integration-override.ts';
import {
  integrationKindNames,
  integrationKinds,
  isIntegrationKindName,
  readIntegration,
} from '../src/integrations/index.ts';
import { lambdaInvokeArnPlaceholder } from '../src/integrations/lambda.ts';
import { directlyServed, operationNamed } from './support/contract-operations.ts';

const contract = await loadContract();
/** The first read of a resource the dynamodb kind can serve, as documented for it: an operation every kind can serve. */
const { documented, read, resource } = directlyServed(contract);

/** That read served by `kind`. */
function readServedBy(kind: (typeof integrationKindNames)[number]) {
  const document = overrideIntegrations(documented, { operations: { [read.operationId]: kind } });
  const operation = operationNamed(document, read.operationId);
  return { declaration: readIntegration(operation), context: { document, operation } };
}

describe('integration kinds', () => {
  it("are exactly the registry's own keys", () => {
    assert.deepEqual(integrationKindNames, Object.keys(integrationKinds));
    for (const name of integrationKindNames) assert.ok(isIntegrationKindName(name), name);
    for (const name of ['constructor', 'toString', '__proto__', 'LAMBDA', ''])
      assert.equal(isIntegrationKindName(name), false, name);
  });

  it("render an integration whose only template syntax is the kind's own variables, with the kind's timeout", () => {
    for (const name of integrationKindNames) {
      const kind = integrationKinds[name];
      const { declaration, context } = readServedBy(name);
      const rendered = kind.gatewayIntegration(declaration, context);
      assert.equal(rendered.timeoutInMillis, kind.timeoutMillis, name);
      const text = JSON.stringify(rendered);
      assert.doesNotMatch(withoutTemplateVariables(text), /[$%]\{/, name);
      for (const variable of kind.templateVariables)
        assert.match(text, new RegExp(`\\$\\{${variable}(\\.${resource})?\\}`), `${name} never uses \${${variable}}`);
    }
  });

  it("lambda: an aws_proxy POST to the invoke ARN Terraform fills in, within API Gateway's 29 s, no options", () => {
    const lambda = integrationKinds.lambda;
    const { declaration, context } = readServedBy('lambda');
    assert.deepEqual(lambda.gatewayIntegration(declaration, context), {
      type: 'aws_proxy',
      httpMethod: 'POST',
      uri: lambdaInvokeArnPlaceholder,
      passthroughBehavior: 'when_no_match',
      timeoutInMillis: lambda.timeoutMillis,
    });
    assert.ok(
      lambda.timeoutMillis > 0 && lambda.timeoutMillis <= 29_000,
      'API Gateway caps a REST integration at 29 s by default',
    );
    assert.deepEqual(lambda.methodResponseHeaders(declaration, context), {});
    assert.deepEqual(lambda.optionProblems({}), []);
    assert.deepEqual(lambda.optionProblems({ uri: 'x', timeout: 1 }), [
      '"uri" is not an option of the lambda integration (it takes none)',
      '"timeout" is not an option of the lambda integration (it takes none)',
    ]);
  });
});
