/**
 * The request side of a non-proxy integration, shared by the `dynamodb` and `mock` emulators: an integration's
 * `requestTemplates`, checked when the body is loaded, and the API_CONFIGURATION_ERROR a template failing at request
 * time answers.
 */
import { compileTemplate, TemplateError, type MappingTemplate } from '../vtl/template.ts';
import type { IntegrationRequest, IntegrationResult } from './integration.ts';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The templates by media type; throws, naming `method`, on one that is not emulated. */
export function bindRequestTemplates(templates: unknown, method: string): Map<string, MappingTemplate> {
  if (templates === undefined) return new Map();
  if (!isRecord(templates)) throw new Error(`${method}: requestTemplates is not an object`);
  return new Map(
    Object.entries(templates).map(([mediaType, source]) => {
      if (mediaType !== 'application/json')
        throw new Error(
          `${method}: the local gateway renders application/json request templates only, not ${mediaType}`,
        );
      if (typeof source !== 'string') throw new Error(`${method}: the ${mediaType} request template is not a string`);
      try {
        return [mediaType, compileTemplate(source)];
      } catch (error) {
        if (error instanceof TemplateError)
          throw new Error(`${method}, request template: ${error.message}`, { cause: error });
        throw error;
      }
    }),
  );
}

/** A gateway error for the access log and the client, with what the developer needs on stderr. */
export function configurationError(
  call: IntegrationRequest,
  error: Error,
  integrationStatus: number | null,
): IntegrationResult {
  process.stderr.write(
    `${JSON.stringify({ level: 'ERROR', requestId: call.requestId, message: 'Execution failed due to configuration error', errorMessage: error.message })}\n`,
  );
  return {
    kind: 'gateway-error',
    type: 'API_CONFIGURATION_ERROR',
    message: 'Internal server error',
    integrationStatus,
    integrationLatency: null,
  };
}
