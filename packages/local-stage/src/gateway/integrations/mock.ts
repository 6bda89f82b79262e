/**
 * The gateway's own `mock` integration: what answers the body's methods that are not contract operations (the CORS
 * preflights), with the status and literal `method.response.header.*` values of the integration's default response,
 * and what its request template sets in `$context.responseOverride` on top, as on AWS (AWS-recorded:
 * test/vtl-parity/cases.ts, test_integration_mock_with_response_override_in_request_template).
 */
import { headerValue, mediaTypeOf } from '../http.ts';
import { TemplateRuntimeError } from '../vtl/template.ts';
import { contextVariable, inputVariable, requestParameters, type ResponseOverride } from '../vtl/variables.ts';
import { applyResponseOverride, OverrideError } from './integration-responses.ts';
import { rejectUnsupportedFields, type IntegrationEmulator } from './integration.ts';
import { bindRequestTemplates, configurationError } from './request-templates.ts';

const supportedFields: ReadonlySet<string> = new Set([
  'type',
  'requestTemplates',
  'passthroughBehavior',
  'contentHandling',
  'responses',
]);
const supportedResponseFields: ReadonlySet<string> = new Set(['statusCode', 'responseParameters']);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const mockEmulator: IntegrationEmulator = {
  bind(integration, method) {
    if (String(integration.type).toLowerCase() !== 'mock') {
      throw new Error(
        `${method} is not a contract operation (no operationId), so only a mock integration can answer it, not ${String(integration.type)}`,
      );
    }
    rejectUnsupportedFields(integration, supportedFields, method);
    // A mock reads no body, so how a binary one would be converted changes nothing it answers.
    if (integration.contentHandling !== undefined && integration.contentHandling !== 'CONVERT_TO_TEXT')
      throw new Error(`${method}: the local gateway emulates contentHandling CONVERT_TO_TEXT only`);
    const responses = isRecord(integration.responses) ? integration.responses : {};
    const extra = Object.keys(responses).find((key) => key !== 'default');
    if (extra !== undefined)
      throw new Error(
        `${method}: the local gateway cannot emulate a mock's response selection ("${extra}"); give it one default response`,
      );
    const response = responses.default;
    if (!isRecord(response)) throw new Error(`${method}: a mock integration needs a default response`);
    const extraField = Object.keys(response).find((field) => !supportedResponseFields.has(field));
    if (extraField !== undefined)
      throw new Error(`${method}: the local gateway cannot emulate a mock response's ${extraField}`);
    const statusCode = Number(response.statusCode);
    if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
      throw new Error(
        `${method}: a mock response's statusCode must be an HTTP status, not ${String(response.statusCode)}`,
      );
    }
    const headers = literalHeaders(isRecord(response.responseParameters) ? response.responseParameters : {}, method);
    const requestTemplates = bindRequestTemplates(integration.requestTemplates, method);
    return (call, services) => {
      const override: ResponseOverride = { header: {} };
      const { request } = call;
      // Rendered for what it sets in $context.responseOverride; a mock has no backend to send the rendering to.
      const template = requestTemplates.get(mediaTypeOf(headerValue(request, 'content-type')));
      try {
        template?.render({
          input: inputVariable(request.body.toString('utf8'), requestParameters(request, call.pathParameters)),
          context: contextVariable({ ...call, stage: services.stage }, override),
          stageVariables: services.stageVariables,
        });
        const answer = applyResponseOverride(override, {
          statusCode,
          headers: new Map(headers.map(([name, value]) => [name, [value]])),
          body: Buffer.alloc(0),
        });
        return Promise.resolve({
          kind: 'response',
          response: answer,
          integrationStatus: null,
          integrationLatency: null,
        });
      } catch (error) {
        if (error instanceof TemplateRuntimeError || error instanceof OverrideError)
          return Promise.resolve(configurationError(call, error, null));
        throw error;
      }
    };
  },
};

/** `method.response.header.X: "'value'"` pairs; anything but a quoted literal is not emulated. */
function literalHeaders(parameters: Record<string, unknown>, method: string): [string, string][] {
  return Object.entries(parameters).map(([key, value]) => {
    const name = /^method\.response\.header\.(.+)$/.exec(key)?.[1];
    const literal = typeof value === 'string' ? /^'(.*)'$/s.exec(value)?.[1] : undefined;
    if (name === undefined || literal === undefined)
      throw new Error(
        `${method}: the local gateway cannot emulate the mock response parameter ${key}: ${String(value)}`,
      );
    return [name, literal];
  });
}
