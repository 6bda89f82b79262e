// Generated from openapi/openapi.yaml by `npx nx run openapi:generate`. Do not edit by hand.
import type { components } from './schema.ts';
import type { Validator } from './validators.js';

export type { ValidationError, Validator } from './validators.js';

export declare const schemaValidators: {
  readonly ItemId: Validator<components['schemas']['ItemId']>;
  readonly ItemName: Validator<components['schemas']['ItemName']>;
  readonly ItemDescription: Validator<components['schemas']['ItemDescription']>;
  readonly ItemTags: Validator<components['schemas']['ItemTags']>;
  readonly ItemTag: Validator<components['schemas']['ItemTag']>;
  readonly ItemAttributes: Validator<components['schemas']['ItemAttributes']>;
  readonly AttributeValue: Validator<components['schemas']['AttributeValue']>;
  readonly NewItem: Validator<components['schemas']['NewItem']>;
  readonly ItemPatch: Validator<components['schemas']['ItemPatch']>;
  readonly Item: Validator<components['schemas']['Item']>;
  readonly ItemPage: Validator<components['schemas']['ItemPage']>;
  readonly Health: Validator<components['schemas']['Health']>;
  readonly Problem: Validator<components['schemas']['Problem']>;
  readonly ProblemFieldError: Validator<components['schemas']['ProblemFieldError']>;
};
