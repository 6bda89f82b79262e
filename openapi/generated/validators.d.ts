// Generated from openapi/openapi.yaml by `npx nx run openapi:generate`. Do not edit by hand.
import type { components } from './schema.ts';

/** One failed check, as Ajv reports it. `instancePath` is a JSON pointer into the validated value. */
export interface ValidationError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** A compiled validator: returns whether `data` is valid and leaves the failures in `errors`. */
export interface Validator<T> {
  (data: unknown): data is T;
  errors?: ValidationError[] | null;
}

/** What a parameters validator takes: the request's parameters by location, header names lower-case. */
export interface RequestParameters {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
}

export declare const requestValidators: {
  readonly getHealth: { readonly parameters: Validator<RequestParameters>; readonly body: null };
  readonly listItems: { readonly parameters: Validator<RequestParameters>; readonly body: null };
  readonly createItem: { readonly parameters: Validator<RequestParameters>; readonly body: { readonly contentTypes: readonly string[]; readonly validate: Validator<components['schemas']['NewItem']> } };
  readonly getItem: { readonly parameters: Validator<RequestParameters>; readonly body: null };
  readonly putItem: { readonly parameters: Validator<RequestParameters>; readonly body: { readonly contentTypes: readonly string[]; readonly validate: Validator<components['schemas']['NewItem']> } };
  readonly deleteItem: { readonly parameters: Validator<RequestParameters>; readonly body: null };
  readonly patchItem: { readonly parameters: Validator<RequestParameters>; readonly body: { readonly contentTypes: readonly string[]; readonly validate: Validator<components['schemas']['ItemPatch']> } };
};
