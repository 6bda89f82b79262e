/**
 * The names of the integration kinds an operation's `x-integration.type` can name. A module of its own, so
 * the declaration's type (kind.ts) and every kind's file depend on it without depending on the folder's index,
 * which imports the kinds.
 */
export const integrationKindNames = ['lambda', 'dynamodb'] as const;

export type IntegrationKindName = (typeof integrationKindNames)[number];

export function isIntegrationKindName(name: string): name is IntegrationKindName {
  return (integrationKindNames as readonly string[]).includes(name);
}
