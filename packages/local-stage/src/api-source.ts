/**
 * Where the local stage's API comes from: the contract as generated (its integration kinds as declared), or the
 * contract rendered with every operation on the Lambda (`--integrations lambda`, CI's second e2e mode). Either way
 * the body is rendered with the local stage's template values and bound to the gateway's emulators.
 */
import { localTemplateValues, renderBodyTemplate } from './body.ts';
import { loadRestApi, type RestApi } from './gateway/rest-api.ts';
import { readGenerated } from './reload/dev-loop.ts';

/** `contract`: each operation on the integration the contract declares; `lambda`: every operation on the Lambda. */
export type IntegrationsMode = 'contract' | 'lambda';

export const integrationsModes: readonly IntegrationsMode[] = ['contract', 'lambda'];

export interface ApiSource {
  mode: IntegrationsMode;
  /** The generated artifacts (contract mode). */
  generatedDirectory: string;
  /** The contract (lambda mode renders it itself). */
  contractPath: string;
  tableName: string;
}

export async function loadStageApi(source: ApiSource): Promise<RestApi> {
  const { body, declarations } =
    source.mode === 'contract'
      ? await readGenerated(source.generatedDirectory)
      : await renderAllLambda(source.contractPath);
  return loadRestApi(renderBodyTemplate(body, localTemplateValues(source.tableName)), declarations);
}

function renderAllLambda(contractPath: string): ReturnType<typeof readGenerated> {
  return Promise.reject(
    new Error(`--integrations lambda needs the generator override for ${contractPath} (not there yet)`),
  );
}
