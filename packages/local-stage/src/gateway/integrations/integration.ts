/**
 * What an integration emulator is: it checks a body method's `x-amazon-apigateway-integration` once, when the body
 * is loaded, and returns the integration the gateway runs for each request of that method.
 */
import type { Caller } from '../caller.ts';
import type { GatewayResponseType } from '../gateway-responses.ts';
import type { IncomingRequest, OutgoingResponse } from '../http.ts';
import type { LambdaInvoker } from '../../lambda/invoker.ts';
import type { DynamoDBEndpoint } from './dynamodb-call.ts';

/** A body's `x-amazon-apigateway-integration` object, as found (emulators check its fields). */
export type IntegrationObject = Readonly<Record<string, unknown>>;

/** What the gateway provides its integrations at request time. */
export interface IntegrationServices {
  invoker: LambdaInvoker;
  /** `$context.stage`. */
  stage: string;
  /** The body's `x-amazon-apigateway-binary-media-types`. */
  binaryMediaTypes: readonly string[];
  /** Replaces every integration's own timeout when set (tests, `--timeout-ms`). */
  timeoutOverrideMs: number | undefined;
  /** Where direct DynamoDB integrations call; undefined when the API has none (checked when the gateway starts). */
  dynamodb: DynamoDBEndpoint | undefined;
  /** `$stageVariables`: the local stage declares none. */
  stageVariables: Record<string, string>;
}

/** A routed, validated request. */
export interface IntegrationRequest {
  request: IncomingRequest;
  /** The matched resource template, e.g. `/items/{id}`. */
  resourcePath: string;
  pathParameters: Record<string, string>;
  requestId: string;
  requestTimeEpoch: number;
  /** Whom the method's security admitted. */
  caller: Caller;
}

interface IntegrationFacts {
  /** `$context.integration.status`, or null when nothing was called. */
  integrationStatus: number | null;
  /** Milliseconds spent in the integration, or null when nothing was called. */
  integrationLatency: number | null;
}

export type IntegrationResult =
  | ({ kind: 'response'; response: OutgoingResponse } & IntegrationFacts)
  | ({ kind: 'gateway-error'; type: GatewayResponseType; message: string } & IntegrationFacts);

/** One body method's integration, checked and bound when the body was loaded. */
export type Integration = (call: IntegrationRequest, services: IntegrationServices) => Promise<IntegrationResult>;

export interface IntegrationEmulator {
  /** `method` names the body method in errors, e.g. `GET /items (listItems)`. Throws on anything it cannot emulate. */
  bind(integration: IntegrationObject, method: string): Integration;
}

/** Rejects fields an emulator would silently ignore: locally they would change nothing, on AWS they might. */
export function rejectUnsupportedFields(
  integration: IntegrationObject,
  supported: ReadonlySet<string>,
  method: string,
): void {
  for (const field of Object.keys(integration)) {
    if (!supported.has(field))
      throw new Error(`${method}: the local gateway cannot emulate x-amazon-apigateway-integration.${field}`);
  }
}
