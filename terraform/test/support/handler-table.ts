// What the handler declares about its table (@items-api/handler/table): the partition key and the DynamoDB
// actions it calls. Terraform must match it exactly.
export interface HandlerTable {
  partitionKey: { name: string; type: string };
  /** Action names without the `dynamodb:` prefix, e.g. `GetItem`. */
  dynamoDbActions: string[];
}

let loaded: HandlerTable | null = null;
try {
  // A non-literal specifier until packages/handler/src/table.ts lands (then this becomes a typed static import).
  const specifier: string = '@items-api/handler/table';
  const table = (await import(specifier)) as Record<string, unknown>;
  loaded = normalize(table);
} catch (error) {
  if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
}

function normalize(table: Record<string, unknown>): HandlerTable {
  throw new Error(`unknown @items-api/handler/table exports: ${Object.keys(table).join(', ')}`);
}

export const handlerTable = loaded;
