import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { invalidRequest } from './errors';
import { countTokensRequestSchema, messagesRequestSchema } from './messages-request-schema';
import type { MessagesRequest } from './types';

const ajv = new Ajv({ allErrors: false, strict: false });
const validateMessages = ajv.compile(messagesRequestSchema);
const validateCountTokens = ajv.compile(countTokensRequestSchema);

/** `/messages/0/content/1/text` -> `messages.0.content.1.text`, as Anthropic's own errors read. */
function describe(error: ErrorObject): string {
  let path = error.instancePath.slice(1).replace(/\//g, '.');
  if (error.keyword === 'required') {
    const field = (error.params as { missingProperty: string }).missingProperty;
    return `${path ? `${path}.` : ''}${field}: Field required`;
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map((v) => `'${v}'`).join(', ');
    return `${path}: Input should be ${allowed}`;
  }
  if (!path) path = 'body';
  return `${path}: ${error.message}`;
}

function check(validate: ValidateFunction, body: unknown): MessagesRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalidRequest('Request body must be a JSON object');
  }
  if (!validate(body)) throw invalidRequest(describe(validate.errors![0]));
  return body as MessagesRequest;
}

export const validateMessagesRequest = (body: unknown) => check(validateMessages, body);
export const validateCountTokensRequest = (body: unknown) => check(validateCountTokens, body);
