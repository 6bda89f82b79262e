/**
 * An API made of generated resources alone: the contract's base (base.ts: its conventions and shared components,
 * none of its own resources) with each resource added by the resource generator. lambda-api's fixtures and the
 * generator tests build on one, so they follow the contract's conventions but never the resources a user declares.
 */
import { stringify } from 'yaml';
import { parseContract } from '../contract-text.ts';
import { contractWithoutResources } from './base.ts';
import { addResource, type ResourceSchema } from './generator.ts';
import { readOptions } from './options.ts';
import type { ResourceActions } from './render.ts';

/** The text of `contractText`'s base with `resources` (the generator's options for each) added in order. */
export function generatedApi(contractText: string, resources: ResourceSchema[], actions: ResourceActions): string {
  const base = stringify(contractWithoutResources(parseContract(contractText).contract), { lineWidth: 0 });
  return resources.reduce((text, options) => addResource(parseContract(text), readOptions(options), actions), base);
}
