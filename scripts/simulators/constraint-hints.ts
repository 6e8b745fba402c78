// Anthropic's structured outputs reject some JSON Schema keywords (bounds,
// lengths, and in the Anthropic SDKs' transform even a typed enum), so client
// SDKs strip them from the schema and write them into the description for the
// model to read. A model follows them; so does the simulated one. Two forms:
// - the Anthropic SDKs (and LangChain's jsonSchema method): a last paragraph
//   `{minimum: 1, maximum: 12, enum: ["a","b"]}` (keys bare, values JSON);
// - the AI SDK: a last line `minimum: -40; maximum: 50; min items: 3.`
//   (camelCase keys spelled as lower-case words, values JSON or bare strings).

type Hints = Record<string, unknown>;

const KEYWORDS = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'enum',
  'const',
  'not',
];
const BY_SPOKEN_NAME = new Map(KEYWORDS.map((key) => [key.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`), key]));

/** The keywords a description carries in either form; {} when it carries none. */
export function constraintHints(description: unknown): Hints {
  if (typeof description !== 'string') return {};
  return bracedHints(description) ?? spokenHints(description) ?? {};
}

function bracedHints(description: string): Hints | undefined {
  const last = description.slice(description.lastIndexOf('\n\n') + 1).trim();
  if (!last.startsWith('{') || !last.endsWith('}')) return undefined;
  const hints: Hints = {};
  let at = 1;
  while (at < last.length - 1) {
    const key = /^([A-Za-z$][\w$]*): /.exec(last.slice(at));
    if (!key) return undefined;
    at += key[0].length;
    const end = endOfJsonValue(last, at);
    if (end === undefined) return undefined;
    const value = parseJson(last.slice(at, end));
    if (value === undefined) return undefined;
    if (KEYWORDS.includes(key[1]!)) hints[key[1]!] = value;
    at = last.startsWith(', ', end) ? end + 2 : end;
  }
  return hints;
}

/** Where the JSON value starting at `from` ends: at the first top-level `,` or the closing brace. */
function endOfJsonValue(text: string, from: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const char = text[i]!;
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') {
      if (depth === 0) return i === text.length - 1 ? i : undefined;
      depth--;
    } else if (char === ',' && depth === 0) return i;
  }
  return undefined;
}

function spokenHints(description: string): Hints | undefined {
  const last = description.slice(description.lastIndexOf('\n') + 1).trim();
  if (!last.endsWith('.')) return undefined;
  const hints: Hints = {};
  for (const entry of last.slice(0, -1).split('; ')) {
    const found = /^([a-z][a-z ]*): (.+)$/.exec(entry);
    const key = found && BY_SPOKEN_NAME.get(found[1]!);
    if (!key) return undefined;
    // Strings (pattern, format) are written bare, everything else as JSON.
    hints[key] = parseJson(found[2]!) ?? found[2]!;
  }
  return hints;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
