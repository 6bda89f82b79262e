/** TypeScript types for the whole contract (`paths`, `components`, `operations`), by openapi-typescript. */
import openapiTS, { astToString } from 'openapi-typescript';
import type { OpenAPI3 } from 'openapi-typescript';
import type { JsonObject } from '../contract.ts';
import { generatedHeader } from './header.ts';

export async function renderTypes(document: JsonObject): Promise<string> {
  // openapi-typescript annotates the object it is given; hand it a copy.
  const ast = await openapiTS(structuredClone(document) as unknown as OpenAPI3, {
    rootTypes: true,
    rootTypesNoSchemaPrefix: true,
  });
  return `${generatedHeader('//')}\n${astToString(ast)}`;
}
