// What the handler declares about its table (@items-api/handler/table): the partition key and the DynamoDB
// actions it calls. Terraform must match it exactly.
import { iamActions, partitionKey } from '@items-api/handler/table';

export const handlerTable = {
  partitionKey: { name: partitionKey.name, type: partitionKey.type } as { name: string; type: string },
  /** Full IAM action names, e.g. `dynamodb:GetItem`. */
  iamActions: [...iamActions] as string[],
};
