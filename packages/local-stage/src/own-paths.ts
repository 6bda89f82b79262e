/**
 * The paths the local stage serves itself at its origin, ahead of the API: the docs page and the token issuer
 * (which, like a Cognito domain, is not under the API's stage path).
 */
import { jwksPath, tokenPath } from './auth/token-issuer.ts';
import type { RestApi } from './gateway/rest-api.ts';

export const docsPaths: readonly string[] = ['/docs', '/docs/'];
export const issuerPaths: readonly string[] = [tokenPath, jwksPath];

/** Refuses an API with a resource where the stage serves its own pages: the stage's would hide it. */
export function checkNoCollision(api: RestApi, basePath: string): void {
  if (basePath !== '') return; // the API lives under /<stage>, the stage's own paths at the root
  const taken = [...issuerPaths, ...docsPaths].find((path) => api.router.match(path) !== undefined);
  if (taken !== undefined)
    throw new Error(
      `The API has a resource matching ${taken}, where the local stage serves its ${docsPaths.includes(taken) ? 'docs page' : 'token issuer'}; serve the API under a stage path (--stage <name>) or rename the resource`,
    );
}
