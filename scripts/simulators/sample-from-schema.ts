// A deterministic value valid against a JSON schema: what the simulated model
// answers for structured output and forced tool calls. Covers what clients send
// (zod / pydantic output): objects, arrays, strings with common formats and
// length limits, numbers with bounds, enums, const, anyOf / oneOf / allOf,
// nullable types and local `$ref`s. Patterns are not generated. Constraints a
// client SDK moved into a description are read back from it, as a model would.

import { constraintHints } from './constraint-hints';

type Schema = Record<string, unknown>;

/** Beyond this depth optional properties are left out and arrays kept as short as allowed. */
const FULL_DEPTH = 6;
/** A required property that recurses forever ends here as null. */
const MAX_DEPTH = 24;

const FORMAT_EXAMPLES: Record<string, string> = {
  'date-time': '2026-01-01T00:00:00Z',
  date: '2026-01-01',
  time: '00:00:00Z',
  duration: 'PT1M',
  email: 'simulated@example.com',
  hostname: 'example.com',
  'idn-hostname': 'example.com',
  uri: 'https://example.com/simulated',
  'uri-reference': 'https://example.com/simulated',
  iri: 'https://example.com/simulated',
  url: 'https://example.com/simulated',
  uuid: '00000000-0000-4000-8000-000000000000',
  ipv4: '127.0.0.1',
  ipv6: '::1',
};

export function sampleFromSchema(schema: unknown): unknown {
  return sample(schema, { root: schema, depth: 0, key: 'value', index: 0 });
}

interface Place {
  root: unknown;
  depth: number;
  /** The property (or 'value') being filled: strings say which, so answers are readable. */
  key: string;
  /** Position within an array, so uniqueItems holds. */
  index: number;
}

function sample(given: unknown, at: Place): unknown {
  if (at.depth > MAX_DEPTH) return null;
  // `true` or a missing schema allows anything.
  if (!isRecord(given)) return {};
  const node = withHints(given);
  if (typeof node.$ref === 'string') return sample(resolveRef(at.root, node.$ref), { ...at, depth: at.depth + 1 });
  if ('const' in node) return node.const;
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[at.index % node.enum.length];
  const variants = Array.isArray(node.anyOf) ? node.anyOf : Array.isArray(node.oneOf) ? node.oneOf : undefined;
  if (variants && variants.length > 0) {
    const chosen = variants.find((variant) => !(isRecord(variant) && variant.type === 'null')) ?? variants[0];
    return sample(isRecord(chosen) ? { ...withoutKeys(node, ['anyOf', 'oneOf']), ...chosen } : chosen, at);
  }
  if (Array.isArray(node.allOf)) return sample(mergeAll(node), at);

  switch (typeOf(node)) {
    case 'object':
      return sampleObject(node, at);
    case 'array':
      return sampleArray(node, at);
    case 'string':
      return sampleString(node, at);
    case 'integer':
      return sampleNumber(node, at, true);
    case 'number':
      return sampleNumber(node, at, false);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return `simulated ${at.key}`;
  }
}

/** The constraints an SDK moved into the description (Anthropic rejects them), as keywords again; the schema's own keywords win. */
function withHints(node: Schema): Schema {
  const hints = constraintHints(node.description);
  return Object.keys(hints).length === 0 ? node : { ...hints, ...node };
}

function typeOf(node: Schema): string | undefined {
  const type = node.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return (type.find((entry) => entry !== 'null') ?? type[0]) as string | undefined;
  if (isRecord(node.properties) || Array.isArray(node.required)) return 'object';
  if (node.items !== undefined || Array.isArray(node.prefixItems)) return 'array';
  return undefined;
}

function sampleObject(node: Schema, at: Place): Record<string, unknown> {
  const properties = isRecord(node.properties) ? node.properties : {};
  const required = new Set(Array.isArray(node.required) ? node.required.map(String) : []);
  const out: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(properties)) {
    if (!required.has(key) && at.depth >= FULL_DEPTH) continue;
    out[key] = sample(property, { root: at.root, depth: at.depth + 1, key, index: 0 });
  }
  // Required names without a declared schema (allowed by JSON Schema) still need a value.
  for (const key of required) if (!(key in out)) out[key] = `simulated ${key}`;
  const minimum = typeof node.minProperties === 'number' ? node.minProperties : 0;
  for (let i = Object.keys(out).length; i < minimum; i++) out[`extra_${i + 1}`] = sample(node.additionalProperties, { ...at, depth: at.depth + 1, key: `extra_${i + 1}` });
  return out;
}

function sampleArray(node: Schema, at: Place): unknown[] {
  const prefix = Array.isArray(node.prefixItems) ? node.prefixItems : Array.isArray(node.items) ? node.items : undefined;
  if (prefix) return prefix.map((item, index) => sample(item, { root: at.root, depth: at.depth + 1, key: at.key, index }));
  const min = typeof node.minItems === 'number' ? node.minItems : 0;
  const max = typeof node.maxItems === 'number' ? node.maxItems : Infinity;
  const wanted = at.depth >= FULL_DEPTH ? min : Math.max(min, 1);
  const count = Math.min(wanted, max);
  const itemKey = at.key.replace(/s$/, '') || 'item';
  return Array.from({ length: count }, (_, index) => sample(node.items, { root: at.root, depth: at.depth + 1, key: itemKey, index }));
}

function sampleString(node: Schema, at: Place): string {
  const example = typeof node.format === 'string' ? FORMAT_EXAMPLES[node.format] : undefined;
  let text = example ?? `simulated ${at.key}${at.index > 0 ? ` ${at.index + 1}` : ''}`;
  const min = typeof node.minLength === 'number' ? node.minLength : 0;
  const max = typeof node.maxLength === 'number' ? node.maxLength : Infinity;
  if (text.length < min) text = text.padEnd(min, '.');
  if (text.length > max) text = (at.index > 0 ? `${at.index + 1}${text}` : text).slice(0, max);
  return text;
}

function sampleNumber(node: Schema, at: Place, integer: boolean): number {
  const num = (key: string) => (typeof node[key] === 'number' ? (node[key] as number) : undefined);
  const minimum = num('minimum');
  const exclusiveMinimum = num('exclusiveMinimum');
  const maximum = num('maximum');
  const exclusiveMaximum = num('exclusiveMaximum');
  let value = 1 + at.index;
  if (minimum !== undefined && value < minimum) value = minimum;
  if (exclusiveMinimum !== undefined && value <= exclusiveMinimum) value = integer ? Math.floor(exclusiveMinimum) + 1 : exclusiveMinimum + 1;
  if (maximum !== undefined && value > maximum) value = maximum;
  if (exclusiveMaximum !== undefined && value >= exclusiveMaximum) {
    const low = minimum ?? exclusiveMinimum ?? exclusiveMaximum - 2;
    value = integer ? Math.ceil(exclusiveMaximum) - 1 : (low + exclusiveMaximum) / 2;
  }
  const step = num('multipleOf');
  if (step !== undefined && step > 0) {
    const up = Math.ceil(value / step) * step;
    value = maximum !== undefined && up > maximum ? Math.floor(value / step) * step : up;
  }
  return integer ? Math.round(value) : value;
}

function mergeAll(node: Schema): Schema {
  const merged: Schema = withoutKeys(node, ['allOf']);
  for (const part of node.allOf as unknown[]) {
    if (!isRecord(part)) continue;
    for (const [key, value] of Object.entries(part)) {
      if (key === 'properties' && isRecord(merged.properties) && isRecord(value)) merged.properties = { ...merged.properties, ...value };
      else if (key === 'required' && Array.isArray(merged.required) && Array.isArray(value)) merged.required = [...merged.required, ...value];
      else if (!(key in merged)) merged[key] = value;
    }
  }
  return merged;
}

/** `#/$defs/name`-style pointers into the root schema. */
function resolveRef(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return {};
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = isRecord(node) ? node[key] : undefined;
  }
  return node ?? {};
}

function withoutKeys(node: Schema, keys: string[]): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) if (!keys.includes(key)) out[key] = value;
  return out;
}

function isRecord(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
