import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { invalidRequest } from './errors';
import { countTokensRequestSchema, messagesRequestSchema } from './messages-request-schema';
import type { MessagesRequest } from './types';

// Compiled on first use (or by warmRequestValidators right after the server
// listens), so compiling these schemas is not on the boot path.
let ajv: Ajv | undefined;
const compiled = new Map<object, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    ajv ??= new Ajv({ allErrors: false, strict: false });
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

export function warmRequestValidators(): void {
  validatorFor(messagesRequestSchema);
  validatorFor(countTokensRequestSchema);
}

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

function check(schema: object, body: unknown): MessagesRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalidRequest('Request body must be a JSON object');
  }
  const validate = validatorFor(schema);
  if (!validate(body)) throw invalidRequest(describe(validate.errors![0]));
  return body as MessagesRequest;
}

export const validateMessagesRequest = (body: unknown) => check(messagesRequestSchema, body);
export const validateCountTokensRequest = (body: unknown) => check(countTokensRequestSchema, body);
