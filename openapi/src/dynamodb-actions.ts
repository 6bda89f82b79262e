/**
 * The DynamoDB actions `x-integration.dynamodbActions` may name: the actions on a table's items, spelled as
 * IAM spells them without the `dynamodb:` prefix (Service Authorization Reference, "Actions defined by Amazon
 * DynamoDB"). A closed list, so a typo fails generation instead of producing a policy that grants nothing.
 */
export const dynamodbItemActions = [
  'BatchGetItem',
  'BatchWriteItem',
  'ConditionCheckItem',
  'DeleteItem',
  'GetItem',
  'PartiQLDelete',
  'PartiQLInsert',
  'PartiQLSelect',
  'PartiQLUpdate',
  'PutItem',
  'Query',
  'Scan',
  'UpdateItem',
] as const;

export type DynamoDbAction = (typeof dynamodbItemActions)[number];

export function isDynamoDbAction(name: string): name is DynamoDbAction {
  return (dynamodbItemActions as readonly string[]).includes(name);
}

/** The action as an IAM policy names it. */
export function iamActionName(action: DynamoDbAction): `dynamodb:${DynamoDbAction}` {
  return `dynamodb:${action}`;
}
