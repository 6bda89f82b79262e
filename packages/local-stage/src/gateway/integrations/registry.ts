/**
 * The closed set of integrations the local gateway emulates, one file each: an emulator per integration kind the
 * contract declares (`x-integration.type`, read from the generated declaration), and the gateway's own mock
 * for the body's methods that are not contract operations (CORS preflights). Nothing outside this directory names
 * an integration type.
 */
import type { infrastructure } from '@items-api/openapi/operations';
import type { Integration, IntegrationEmulator, IntegrationObject } from './integration.ts';
import { dynamodbEmulator } from './dynamodb.ts';
import { lambdaEmulator } from './lambda.ts';
import { mockEmulator } from './mock.ts';

type DeclaredKind = (typeof infrastructure.operations)[keyof typeof infrastructure.operations]['integration'];

// `satisfies`: a kind the contract starts using fails to compile here until it has an emulator; the local gateway
// may emulate kinds the contract does not use at the moment (`dynamodb` while every operation is on the Lambda).
const emulatorsByKind = { lambda: lambdaEmulator, dynamodb: dynamodbEmulator } satisfies Record<
  DeclaredKind,
  IntegrationEmulator
> &
  Record<string, IntegrationEmulator>;

/**
 * Binds a body method to its emulator: a contract operation (`declaredKind` from the declaration) to the emulator
 * of its kind, any other method to the gateway's mock. Throws naming `method` when that emulator cannot serve it.
 */
export function bindIntegration(
  declaredKind: string | undefined,
  integration: IntegrationObject,
  method: string,
): Integration {
  if (declaredKind === undefined) return mockEmulator.bind(integration, method);
  if (!Object.hasOwn(emulatorsByKind, declaredKind)) {
    throw new Error(
      `${method}: the local gateway has no emulator for integration kind "${declaredKind}" (it emulates ${Object.keys(emulatorsByKind).join(', ')})`,
    );
  }
  return emulatorsByKind[declaredKind as keyof typeof emulatorsByKind].bind(integration, method);
}
