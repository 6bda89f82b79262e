/** The first line of every generated file, so nobody edits one by hand. */
export function generatedHeader(comment: '//' | '#'): string {
  return `${comment} Generated from openapi/openapi.yaml by \`npx nx run openapi:generate\`. Do not edit by hand.`;
}
