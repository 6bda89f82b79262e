/**
 * The gateway's own `mock` integration: what answers the body's methods that are not contract operations (the CORS
 * preflights), with the status and literal `method.response.header.*` values of the integration's default response.
 */
import { rejectUnsupportedFields, type IntegrationEmulator } from './integration.ts';

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
    return () =>
      Promise.resolve({
        kind: 'response',
        response: {
          statusCode,
          headers: new Map(headers.map(([name, value]) => [name, [value]])),
          body: Buffer.alloc(0),
        },
        integrationStatus: null,
        integrationLatency: null,
      });
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
