// Generators of requests a client might send by mistake or in malice: every
// field of a Messages body given the wrong shape, bodies cut or corrupted,
// every content encoding (valid and broken), odd content types, methods,
// paths and headers. Each draws from a few valid bases, so a mutation lands
// deep inside real requests (tool history, thinking, images) and not only at
// the top.

import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';

export interface FuzzRequest {
  /** Which family of mistake: the counts are reported by it. */
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const READ_TOOL = {
  name: 'Read',
  description: 'Reads a file',
  input_schema: { type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] },
};

/** Valid requests of the shapes Claude Code sends: the mutations start from these. */
export const BASE_REQUESTS: Json[] = [
  { model: 'claude-sonnet-4', max_tokens: 64, messages: [{ role: 'user', content: 'hello' }] },
  {
    model: 'claude-opus-5-5',
    max_tokens: 1024,
    stream: true,
    system: [{ type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } }],
    tools: [READ_TOOL],
    tool_choice: { type: 'auto' },
    metadata: { user_id: 'user_1' },
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'read the file a.txt' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01', name: 'Read', input: { file_path: 'a.txt' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: [{ type: 'text', text: 'abc' }] }] },
    ],
  },
  {
    model: 'claude-haiku-5-5',
    max_tokens: 2048,
    thinking: { type: 'enabled', budget_tokens: 1024 },
    temperature: 1,
    stop_sequences: ['END'],
    messages: [
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
          { type: 'text', text: 'what is this?' },
        ],
      },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm', signature: 'sig' }, { type: 'text', text: 'a dot' }] },
      { role: 'user', content: 'sure?' },
    ],
  },
];

/** Every path inside a value, as keys and indexes from the root. */
function pathsOf(value: Json, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []) {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((item, index) => pathsOf(item, [...prefix, index], out));
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) pathsOf(item, [...prefix, key], out);
  return out;
}

function withAt(root: Json, path: Array<string | number>, change: (value: Json | undefined) => Json | undefined): Json | undefined {
  if (path.length === 0) return change(root);
  const copy = structuredClone(root) as Record<string | number, Json>;
  let parent = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  const last = path.at(-1)!;
  const next = change(parent[last]);
  if (next === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    parent[last] = next;
  }
  return copy;
}

// Deep values are written as text: JSON.stringify itself overflows the stack
// on a few thousand levels. A mutation places a marker string, and the body's
// text gets the nesting in its place.
const DEEP_MARKER = /"\\u0000deep:(\d+):(array|object)\\u0000"/g;

function nested(depth: number, asArray: boolean): Json {
  return `\u0000deep:${depth}:${asArray ? 'array' : 'object'}\u0000`;
}

function writeDeep(_marker: string, depth: string, kind: string): string {
  const levels = Number(depth);
  return kind === 'array' ? `${'['.repeat(levels)}1${']'.repeat(levels)}` : `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
}

const strangeString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('', ' ', '\u0000', '\ud800', '\uffff', 'claude-3.7-sonnet\n', '../../etc/passwd', '%00', '{"type":"error"}', 'x'.repeat(70_000)),
);

const wrongValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, '', [], {}, [null], { type: null }),
  strangeString,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  fc.record({ depth: fc.integer({ min: 50, max: 6000 }), array: fc.boolean() }).map(({ depth, array }) => nested(depth, array)),
);

type Mutation = (base: Json) => fc.Arbitrary<Json | undefined>;

const mutations: Record<string, Mutation> = {
  'field replaced': (base) =>
    fc.record({ path: fc.constantFrom(...pathsOf(base)), value: wrongValue }).map(({ path, value }) => withAt(base, path, () => value)),
  'field removed': (base) => fc.constantFrom(...pathsOf(base).filter((p) => p.length > 0)).map((path) => withAt(base, path, () => undefined)),
  'field added': (base) =>
    fc
      .record({ path: fc.constantFrom(...pathsOf(base)), key: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'type', 'model')), value: wrongValue })
      .map(({ path, key, value }) =>
        withAt(base, path, (at) => (at !== null && typeof at === 'object' && !Array.isArray(at) ? { ...at, [key]: value } : at)),
      ),
  'deep nesting': (base) =>
    fc
      .record({
        path: fc.constantFrom<Array<string | number>>(['messages', 0, 'content'], ['tools'], ['system'], ['metadata']),
        depth: fc.integer({ min: 200, max: 6000 }),
        array: fc.boolean(),
      })
      .map(({ path, depth, array }) => {
        const deep = nested(depth, array);
        const input = { type: 'tool_use', id: 'toolu_x', name: 'Read', input: { a: deep } };
        const schema = { name: 'Deep', input_schema: { type: 'object', properties: { a: deep } } };
        const at = path[0] === 'tools' ? [schema] : path[0] === 'messages' ? [input] : deep;
        return withAt(base, path, () => at as Json);
      }),
};

const bodyOf = (value: Json | undefined) => Buffer.from(value === undefined ? '' : JSON.stringify(value).replace(DEEP_MARKER, writeDeep));

const mutatedBody = fc
  .record({ base: fc.constantFrom(...BASE_REQUESTS), name: fc.constantFrom(...Object.keys(mutations)) })
  .chain(({ base, name }) => mutations[name]!(base).map((value) => ({ kind: name, body: bodyOf(value) })));

/** Bytes that are not a JSON object, or not well-formed text. */
const brokenBytes = fc.oneof(
  fc.record({ base: fc.constantFrom(...BASE_REQUESTS), cut: fc.double({ min: 0, max: 1, noNaN: true }) }).map(({ base, cut }) => {
    const text = Buffer.from(JSON.stringify(base));
    return { kind: 'truncated', body: text.subarray(0, Math.floor(text.length * cut)) };
  }),
  fc.record({ base: fc.constantFrom(...BASE_REQUESTS), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }).map(({ base, at, bytes }) => {
    const text = Buffer.from(JSON.stringify(base));
    const where = at % text.length;
    return { kind: 'bytes inserted', body: Buffer.concat([text.subarray(0, where), Buffer.from(bytes), text.subarray(where)]) };
  }),
  fc.constantFrom(
    { kind: 'not an object', body: Buffer.from('[]') },
    { kind: 'not an object', body: Buffer.from('"hello"') },
    { kind: 'not an object', body: Buffer.from('null') },
    { kind: 'not an object', body: Buffer.from('42') },
    { kind: 'not JSON', body: Buffer.from('') },
    { kind: 'not JSON', body: Buffer.from('model=claude&max_tokens=1') },
    { kind: 'not JSON', body: Buffer.from('<html><body>hi</body></html>') },
    { kind: 'not JSON', body: Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]) },
    { kind: 'invalid UTF-8', body: Buffer.from([0x7b, 0x22, 0x6d, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) },
    { kind: 'duplicate keys', body: Buffer.from('{"model":"claude-sonnet-4","model":5,"max_tokens":8,"messages":[{"role":"user","content":"x"}]}') },
    { kind: 'trailing garbage', body: Buffer.from('{"model":"claude-sonnet-4","max_tokens":8,"messages":[{"role":"user","content":"x"}]}}}') },
  ),
  fc.uint8Array({ maxLength: 512 }).map((bytes) => ({ kind: 'random bytes', body: Buffer.from(bytes) })),
);

type Encoding = { name: string; encode: (body: Buffer) => Buffer };
const ENCODINGS: Encoding[] = [
  { name: 'identity', encode: (body) => body },
  { name: 'gzip', encode: (body) => gzipSync(body) },
  { name: 'deflate', encode: (body) => deflateSync(body) },
  { name: 'br', encode: (body) => brotliCompressSync(body) },
];

const UNKNOWN_ENCODINGS = ['zstd', 'compress', 'gzip, br', 'x-custom'];

/** A valid body compressed, then (maybe) corrupted, or labelled with an encoding it does not have. */
const encodedBody = fc
  .record({
    base: fc.constantFrom(...BASE_REQUESTS),
    encoding: fc.constantFrom(...ENCODINGS),
    damage: fc.constantFrom('none', 'truncated', 'flipped', 'plain-labelled', 'unknown-encoding', 'random'),
    at: fc.nat(),
  })
  .map(({ base, encoding, damage, at }) => {
    const plain = Buffer.from(JSON.stringify(base));
    let body = encoding.encode(plain);
    let label = encoding.name;
    if (damage === 'truncated') body = body.subarray(0, Math.max(1, at % body.length));
    if (damage === 'flipped') {
      body = Buffer.from(body);
      const where = at % body.length;
      body[where] = body[where]! ^ 0xff;
    }
    if (damage === 'plain-labelled') body = plain;
    if (damage === 'unknown-encoding') label = UNKNOWN_ENCODINGS[at % UNKNOWN_ENCODINGS.length]!;
    if (damage === 'random') body = Buffer.from(plain.map((byte, index) => byte ^ ((at + index) & 0xff)));
    if (encoding.name === 'identity' && damage === 'plain-labelled') label = 'gzip';
    return { kind: `encoding ${label} ${damage}`, body, encoding: label };
  });

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/jsonx',
  '',
];

const PATHS = [
  '/v1/messages',
  '/v1/messages?beta=true',
  '/v1/messages/stream',
  '/v1/messages/count_tokens',
  '/v1/messages/count_tokens?beta=true',
  '/v1/messages/',
  '/v1/messages%00',
  '/v1/%zz',
  '/v1/messages/../models',
  '/v1/models',
  '/health',
  '/',
  '/api/event_logging/batch',
];

/** Headers a client may get wrong; at most one odd value per request, so each is reached on its own. */
const oddHeaders = fc.oneof(
  fc.constant({}),
  fc.constant({}),
  fc.record({ 'anthropic-version': fc.oneof(strangeString.filter(isHeaderSafe), fc.constant('1999-01-01')) }),
  fc.record({ 'anthropic-beta': fc.string({ maxLength: 200 }).filter(isHeaderSafe) }),
  fc.record({ 'x-request-id': fc.string({ maxLength: 300 }).filter(isHeaderSafe) }),
  fc.record({ 'x-api-key': fc.string({ maxLength: 100 }).filter(isHeaderSafe) }),
  fc.record({ authorization: fc.constantFrom('Bearer', 'Bearer ', 'Basic Zm9vOmJhcg==', 'Bearer x y') }),
  fc.record({ accept: fc.constantFrom('text/event-stream', 'application/xml', '*/*') }),
);

function isHeaderSafe(value: string): boolean {
  return /^[\t\x20-\x7e]*$/.test(value);
}

/** Any bad request: body mutations weigh most, since the body is where most of the gateway's reading happens. */
export const badRequest: fc.Arbitrary<FuzzRequest> = fc
  .record({
    body: fc.oneof({ arbitrary: mutatedBody, weight: 5 }, { arbitrary: brokenBytes, weight: 2 }, { arbitrary: encodedBody, weight: 2 }),
    method: fc.oneof({ arbitrary: fc.constant('POST'), weight: 9 }, { arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'), weight: 1 }),
    path: fc.oneof({ arbitrary: fc.constant('/v1/messages'), weight: 6 }, { arbitrary: fc.constantFrom(...PATHS), weight: 4 }),
    contentType: fc.oneof({ arbitrary: fc.constant('application/json'), weight: 8 }, { arbitrary: fc.constantFrom(...CONTENT_TYPES), weight: 2 }),
    headers: oddHeaders,
  })
  .map(({ body, method, path, contentType, headers }) => {
    const encoding = 'encoding' in body ? (body as { encoding: string }).encoding : undefined;
    return {
      kind: method === 'POST' ? body.kind : `method ${method}`,
      method,
      path,
      headers: {
        'anthropic-version': '2023-06-01',
        ...(contentType ? { 'content-type': contentType } : {}),
        ...(encoding && encoding !== 'identity' ? { 'content-encoding': encoding } : {}),
        ...headers,
      },
      body: method === 'GET' ? Buffer.alloc(0) : body.body,
    };
  });

/** Request heads that are not valid HTTP, for a raw socket: Node's own parser rejects these. */
export const badRequestHead: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'FOO / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
    'POST /v1/messages HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n',
    'POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n',
    'POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    'POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
    'GET / HTTP/1.1\r\nBad Header Name: x\r\n\r\n',
    `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    '\r\n\r\n\r\n',
  ),
  fc.string({ maxLength: 200 }).map((line) => `${line}\r\n\r\n`),
);
