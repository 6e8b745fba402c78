// A client's JSON schema reshaped for OpenAI-style strict structured outputs,
// which OpenRouter, LiteLLM and Databricks pass to many model providers:
// - every object lists all its properties in `required` and has
//   `additionalProperties: false`. Optional properties become required (not
//   nullable): every answer then still validates against the client's schema,
//   where a `null` for an optional field would not.
// - the keywords OpenAI's strict mode takes stay (string pattern and the usual
//   formats, number bounds and multipleOf, array minItems / maxItems); the
//   others (minLength, maxLength, default, uniqueItems, ...) move into the
//   description as a hint, as Anthropic's SDKs do for Claude's own structured
//   outputs. An upstream that refuses a kept keyword answers with its own error.
// - oneOf becomes anyOf; a one-entry allOf is inlined.
// What strict mode cannot express (a free-form object or map, a non-object
// root, tuples, several allOf entries) makes the schema go out with strict off.

type Schema = Record<string, unknown>;

export interface StrictSchema {
  schema: Schema;
  /** False when part of the schema cannot be expressed in strict mode. */
  strict: boolean;
}

const STRING_FORMATS: ReadonlySet<string> = new Set(['date-time', 'time', 'date', 'duration', 'email', 'hostname', 'ipv4', 'ipv6', 'uuid']);

/** Keywords carried over as they are (the structural ones are rebuilt below). */
const KEPT: ReadonlySet<string> = new Set([
  'type',
  'enum',
  'const',
  'description',
  'title',
  '$ref',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
]);
/** Keywords handled structurally, or dropped because they constrain nothing. */
const HANDLED: ReadonlySet<string> = new Set([
  'properties',
  'required',
  'additionalProperties',
  'items',
  'anyOf',
  'oneOf',
  'allOf',
  '$defs',
  'definitions',
  'format',
  '$schema',
  '$id',
]);

const NAME_LIMIT = 64;
const DEFAULT_NAME = 'response';

/** OpenAI requires `^[a-zA-Z0-9_-]{1,64}$` for a response_format name. */
export function schemaName(title: unknown): string {
  if (typeof title !== 'string') return DEFAULT_NAME;
  const name = title
    .trim()
    .replace(/[^a-zA-Z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, NAME_LIMIT);
  return name === '' ? DEFAULT_NAME : name;
}

/** A new schema; the client's object is not modified. */
export function strictJsonSchema(schema: Schema): StrictSchema {
  const state = { strict: isObjectSchema(schema) };
  return { schema: reshape(schema, state), strict: state.strict };
}

function reshape(node: unknown, state: { strict: boolean }): Schema {
  if (!isRecord(node)) {
    // `true` / `false` schemas have no strict-mode form.
    state.strict = false;
    return node as Schema;
  }
  if (Array.isArray(node.allOf) && node.allOf.length === 1 && isRecord(node.allOf[0])) {
    const { allOf: _inlined, ...rest } = node;
    return reshape({ ...node.allOf[0], ...rest }, state);
  }

  const out: Schema = {};
  const hints: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (KEPT.has(key)) out[key] = value;
    else if (!HANDLED.has(key)) hints.push(`${key}: ${JSON.stringify(value)}`);
  }

  for (const key of ['$defs', 'definitions'] as const) {
    const defs = node[key];
    if (isRecord(defs)) out[key] = mapValues(defs, (def) => reshape(def, state));
  }
  const anyOf = Array.isArray(node.anyOf) ? node.anyOf : Array.isArray(node.oneOf) ? node.oneOf : undefined;
  if (anyOf) out.anyOf = anyOf.map((variant) => reshape(variant, state));
  if (Array.isArray(node.allOf)) {
    state.strict = false;
    out.allOf = node.allOf.map((entry) => reshape(entry, state));
  }

  if (typeof node.format === 'string' && STRING_FORMATS.has(node.format)) out.format = node.format;
  else if (node.format !== undefined) hints.push(`format: ${JSON.stringify(node.format)}`);

  if (isRecord(node.items)) out.items = reshape(node.items, state);
  else if (node.items !== undefined) {
    state.strict = false;
    out.items = node.items;
  }

  if (isObjectSchema(node)) reshapeObject(node, out, state);

  if (hints.length > 0) {
    const hint = `{${hints.join(', ')}}`;
    out.description = typeof out.description === 'string' && out.description !== '' ? `${out.description}\n\n${hint}` : hint;
  }
  return out;
}

function reshapeObject(node: Schema, out: Schema, state: { strict: boolean }): void {
  const properties = isRecord(node.properties) ? node.properties : undefined;
  const extra = node.additionalProperties;
  if (!properties || Object.keys(properties).length === 0) {
    // A free-form object or a map: strict mode would only allow `{}`.
    if (extra !== false) {
      state.strict = false;
      if (properties) out.properties = {};
      if (extra !== undefined) out.additionalProperties = isRecord(extra) ? reshape(extra, state) : extra;
      if (node.required !== undefined) out.required = node.required;
      return;
    }
  }
  out.properties = mapValues(properties ?? {}, (property) => reshape(property, state));
  out.required = Object.keys(properties ?? {});
  out.additionalProperties = false;
}

function isObjectSchema(node: unknown): node is Schema {
  if (!isRecord(node)) return false;
  const type = node.type;
  if (type === 'object' || (Array.isArray(type) && type.includes('object'))) return true;
  return type === undefined && isRecord(node.properties);
}

function mapValues(record: Schema, fn: (value: unknown) => unknown): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(record)) out[key] = fn(value);
  return out;
}

function isRecord(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
