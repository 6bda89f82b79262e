/**
 * What the resource generator adds to the contract, as plain data: the `x-resources` entry, the schemas
 * (schemas.ts), the tag, the OAuth scopes and the paths with their operations (operations.ts).
 */
import type { JsonObject } from '../contract-text.ts';
import { capitalise, type KeyPlan, type ResourcePlan } from './options.ts';
import { scopesOf, tagOf } from './names.ts';
import { actionsOf, pathsOf, reads, type ResourceAction, type ResourceActions } from './operations.ts';
import { exampleOf, schemasOf } from './schemas.ts';

export type { ResourceActions } from './operations.ts';

/** What the generator writes for one resource, keyed as it goes into the contract. */
export interface ResourceFragments {
  declaration: JsonObject;
  schemas: JsonObject;
  tag: { name: string; description: string };
  scopes: Record<string, string>;
  paths: JsonObject;
}

/** `List, create, read, replace, patch and delete users`. */
function sentence(actions: ResourceAction[], noun: string): string {
  const text = actions.length === 1 ? actions[0] : `${actions.slice(0, -1).join(', ')} and ${actions.at(-1)}`;
  return `${capitalise(text ?? '')} ${noun}.`;
}

export function fragmentsOf(
  plan: ResourcePlan,
  contract: JsonObject,
  dynamodbActions: ResourceActions,
): ResourceFragments {
  const example = exampleOf(plan);
  const actions = actionsOf(plan);
  const readActions = actions.filter((action) => reads.includes(action));
  const writeActions = actions.filter((action) => !reads.includes(action));
  const scopes = scopesOf(plan.name);
  const key = (k: KeyPlan) => ({ name: k.name, chosenBy: k.chosenBy });
  return {
    declaration: {
      schema: plan.schema,
      partitionKey: key(plan.partitionKey),
      ...(plan.sortKey && { sortKey: key(plan.sortKey) }),
    },
    schemas: schemasOf(plan),
    tag: { name: tagOf(plan.name), description: sentence(actions, plan.name) },
    scopes: { [scopes.read]: sentence(readActions, plan.name), [scopes.write]: sentence(writeActions, plan.name) },
    paths: pathsOf({ plan, contract, dynamodbActions, example }),
  };
}
