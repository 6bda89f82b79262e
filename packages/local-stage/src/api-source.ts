/**
 * Where the local stage's API comes from: the contract as generated (each operation on the integration kind it
 * declares), or the contract served with other kinds (`--integrations lambda`: every operation on the Lambda, CI's
 * second e2e mode; `--integrations getItem=dynamodb`: named operations switched), rendered by the contract's own
 * generator without editing it. Either way the body is rendered with the local stage's template values and bound
 * to the gateway's emulators.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderGatewayArtifacts, type IntegrationOverride } from '@items-api/openapi/generate';
import { localTemplateValues, renderBodyTemplate } from './body.ts';
import { loadRestApi, type ApiGatewayBody, type Declarations, type RestApi } from './gateway/rest-api.ts';
import type { TableNames } from './table.ts';

/** `contract`: the kinds the contract declares; otherwise the generator's override of them. */
export type IntegrationsMode = 'contract' | IntegrationOverride;

export interface ApiSource {
  integrations: IntegrationsMode;
  /** The contract's generated artifacts (what `contract` serves). */
  generatedDirectory: string;
  /** The contract (rendered afresh when overridden). */
  contractPath: string;
  /** Each resource's table, for the body's `${dynamodb_table_names.<resource>}`. */
  tableNames: TableNames;
}

type Served = { body: ApiGatewayBody; declarations: Declarations };

/** The contract's API Gateway body and declarations as generated into `directory`. */
async function readGenerated(directory: string): Promise<Served> {
  const [body, declarations] = await Promise.all(
    ['apigateway-body.json', 'infrastructure.json'].map(
      async (file) => JSON.parse(await readFile(join(directory, file), 'utf8')) as unknown,
    ),
  );
  return { body: body as ApiGatewayBody, declarations: declarations as Declarations };
}

async function overridden(override: IntegrationOverride, contractPath: string): Promise<Served> {
  const { apiGatewayBody, infrastructure } = await renderGatewayArtifacts(override, contractPath);
  return {
    body: JSON.parse(apiGatewayBody) as ApiGatewayBody,
    declarations: JSON.parse(infrastructure) as Declarations,
  };
}

export async function loadStageApi(source: ApiSource): Promise<RestApi> {
  const { body, declarations } =
    source.integrations === 'contract'
      ? await readGenerated(source.generatedDirectory)
      : await overridden(source.integrations, source.contractPath);
  return loadRestApi(renderBodyTemplate(body, localTemplateValues(source.tableNames)), declarations);
}

/**
 * `--integrations`: `contract`, a kind for every operation (`lambda`), or `<operationId>=<kind>` pairs separated by
 * commas. Kinds and operations are checked by the generator, which names what it does not know.
 */
export function parseIntegrationsMode(value: string): IntegrationsMode {
  if (value === 'contract') return 'contract';
  if (!value.includes('=')) return { all: value as Extract<IntegrationOverride, { all: unknown }>['all'] };
  const operations: Record<string, string> = {};
  for (const pair of value.split(',')) {
    const [operationId, kind, extra] = pair.split('=');
    if (!operationId || !kind || extra !== undefined)
      throw new Error(
        `--integrations takes contract, a kind, or operationId=kind pairs separated by commas, not "${value}"`,
      );
    operations[operationId] = kind;
  }
  return { operations } as IntegrationOverride;
}
