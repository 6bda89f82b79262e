/**
 * Prettier, set to the style the code base was already written in (single quotes, 120 columns, trailing commas),
 * so adopting it changes as few lines as possible. ESLint runs it (eslint-plugin-prettier), so `nx run <project>:lint`
 * is also the format check; `npx prettier --write <files>` fixes what it reports.
 * @type {import('prettier').Config}
 */
export default {
  printWidth: 120,
  singleQuote: true,
  trailingComma: 'all',
};
