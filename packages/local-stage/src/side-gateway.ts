/**
 * A second gateway on a running stage's tables, serving the contract with other integration kinds: what the
 * differential test and the bench use to put a direct DynamoDB integration and the Lambda side by side on the same
 * items. It has no function: operations it would send to the Lambda answer 502. It enforces the stage's access
 * (`LocalStage.access`): the same tokens and API keys work on both, counted once per key.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { localCredentials, localRegion } from '@items-api/dynamodb-local';
import { loadStageApi, type IntegrationsMode } from './api-source.ts';
import { createGateway, type GatewayAccess } from './gateway/gateway.ts';
import type { LambdaInvoker } from './lambda/invoker.ts';
import { defaultWatchOptions } from './paths.ts';
import type { TableNames } from './table.ts';

export interface SideGateway {
  /** e.g. `http://127.0.0.1:41234`. */
  url: string;
  stop(): Promise<void>;
}

const noFunction: LambdaInvoker = {
  invoke: () =>
    Promise.resolve({ kind: 'error', errorType: 'NoFunction', errorMessage: 'a side gateway has no function' }),
  close: () => Promise.resolve(),
};

export async function startSideGateway(options: {
  integrations: IntegrationsMode;
  dynamodbEndpoint: string;
  /** The stage's tables (`LocalStage.tableNames`). */
  tableNames: TableNames;
  /** Required when the contract secures a method: the stage's `access`. */
  access?: GatewayAccess;
}): Promise<SideGateway> {
  const api = await loadStageApi({
    integrations: options.integrations,
    generatedDirectory: defaultWatchOptions.generatedDirectory,
    contractPath: defaultWatchOptions.contractPath,
    tableNames: options.tableNames,
  });
  let gateway;
  try {
    gateway = createGateway({
      api,
      invoker: noFunction,
      dynamodb: { url: options.dynamodbEndpoint, region: localRegion, credentials: localCredentials },
      ...(options.access !== undefined && { access: options.access }),
    });
  } catch (error) {
    throw new Error(
      `side gateway: ${error instanceof Error ? error.message : String(error)}${options.access === undefined ? "; pass the stage's access (startSideGateway({ access: stage.access }))" : ''}`,
      { cause: error },
    );
  }
  const server = createServer(gateway);
  server.on('clientError', gateway.clientError);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
