/** What the contract allows in a body but DynamoDB cannot store, or a plain JS object cannot hold safely. */
import type { ProblemFieldError } from '@items-api/openapi/schema';
import { pointerToken } from './json-pointer.ts';

/** Attribute names that would turn into prototype setters when a plain object is rebuilt from the stored map. */
const reservedKeys = new Set(['__proto__', 'constructor', 'prototype']);
const minDynamoNumber = 1e-130;
const maxDynamoNumber = 9.9999999999999999999999999999999999999e125;

export function storageErrors(body: unknown): ProblemFieldError[] {
  const errors: ProblemFieldError[] = [];
  const attributes = (body as { attributes?: unknown } | null)?.attributes;
  if (typeof attributes === 'object' && attributes !== null) {
    for (const [key, value] of Object.entries(attributes)) {
      const path = `/body/attributes/${pointerToken(key)}`;
      if (reservedKeys.has(key)) errors.push({ path, message: 'is a reserved name' });
      if (typeof value === 'number' && value !== 0 && (Math.abs(value) < minDynamoNumber || Math.abs(value) > maxDynamoNumber)) {
        errors.push({ path, message: 'must be 0 or between 1e-130 and 9.99e125 in magnitude (DynamoDB number range)' });
      }
    }
  }
  return errors;
}
