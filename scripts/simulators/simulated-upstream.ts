// A scriptable HTTP server standing in for an upstream. Each request is recorded,
// then answered by the first scripted rule that matches it, else by its route.
// Rules match on what arrives (path, body, headers), so a test stays true when
// the client adds or reorders calls.

import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConcreteReply, NeutralReply, Reply } from './reply-types';
import { sleep, writeReply } from './write-reply';

export interface ReceivedRequest {
  /** 1-based arrival order since start or the last reset. */
  readonly seq: number;
  readonly at: number;
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Values of `{name}` segments of the matched route's path. */
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: string;
  /** The parsed body, or undefined when it is not JSON. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
  route?: string;
  rule?: string;
  /** Status sent, if headers went out. */
  status?: number;
  /** The client closed the connection before the response was complete. */
  clientAborted: boolean;
  /** The simulator cut the connection on purpose (drop reply). */
  droppedByServer: boolean;
  /** The response was written completely. */
  completed: boolean;
  /** A route handler or rule threw; the client got a 500. */
  handlerError?: string;
}

export type ReplySource = Reply | ((req: ReceivedRequest) => Reply | Promise<Reply>);

export interface Route {
  name: string;
  method: string;
  /** `/serving-endpoints/{endpoint}/invocations` style, or a RegExp on the path. */
  path: string | RegExp;
  handle: (req: ReceivedRequest) => Reply | Promise<Reply>;
}

export interface Rule {
  name?: string;
  method?: string;
  path?: string | RegExp;
  when?: (req: ReceivedRequest) => boolean;
  /** Stop matching after this many hits. */
  times?: number;
  reply: ReplySource;
}

export interface ScriptedRule extends Rule {
  hits: number;
}

export interface SimulatorOptions {
  name?: string;
  host?: string;
  port?: number;
  routes?: Route[];
  /** Runs before rules and routes (auth, request validation); a reply here ends the request. */
  guard?: (req: ReceivedRequest) => Reply | undefined;
  /** Writes a format-neutral turn or failure in this upstream's wire format. */
  render?: (reply: NeutralReply, req: ReceivedRequest) => ConcreteReply;
  notFound?: (req: ReceivedRequest) => Reply;
  /** Keep at most this many received requests (oldest dropped); 0 records nothing (for load tests). Default 1000. */
  maxRecorded?: number;
}

export interface Simulator {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  /** Stable array: reset() empties it in place. */
  readonly received: ReceivedRequest[];
  readonly abortedCount: number;
  script(rule: Rule): ScriptedRule;
  /** Forget rules and received requests. */
  reset(): void;
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

interface CompiledRoute {
  route: Route;
  match: (path: string) => Record<string, string> | undefined;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const name = options.name ?? 'simulator';
  const routes = (options.routes ?? []).map(compileRoute);
  const maxRecorded = options.maxRecorded ?? 1000;
  const received: ReceivedRequest[] = [];
  const rules: ScriptedRule[] = [];
  let seq = 0;
  let abortedCount = 0;
  let closing = false;

  const server = createServer((req, res) => {
    void serve(req, res).catch(() => res.socket?.destroy());
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const closed = new AbortController();
    let record: ReceivedRequest | undefined;
    res.on('finish', () => {
      if (record) record.completed = true;
    });
    res.on('close', () => {
      closed.abort();
      if (!record || res.writableFinished || record.droppedByServer || closing) return;
      record.clientAborted = true;
      abortedCount++;
    });
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://simulator');
    record = withLazyJson({
      seq: ++seq,
      at: Date.now(),
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      params: {},
      headers: req.headers,
      body,
      clientAborted: false,
      droppedByServer: false,
      completed: false,
    });
    if (maxRecorded > 0) {
      received.push(record);
      if (received.length > maxRecorded) received.shift();
    }
    if (closed.signal.aborted) {
      record.clientAborted = true;
      abortedCount++;
      return;
    }

    let reply: ConcreteReply;
    try {
      reply = await choose(record);
    } catch (error) {
      record.handlerError = error instanceof Error ? error.stack ?? error.message : String(error);
      reply = { kind: 'text', status: 500, body: `${name}: handler failed: ${record.handlerError}` };
    }
    await writeReply(res, reply, closed.signal, record);
  }

  async function choose(req: ReceivedRequest): Promise<ConcreteReply> {
    const found = findRoute(routes, req);
    if (found) {
      req.route = found.route.name;
      req.params = found.params;
    }
    const guarded = options.guard?.(req);
    if (guarded) return concrete(guarded, req);
    const rule = rules.find((candidate) => ruleMatches(candidate, req));
    if (rule) {
      rule.hits++;
      req.rule = rule.name ?? `rule#${rules.indexOf(rule) + 1}`;
      const reply = typeof rule.reply === 'function' ? await rule.reply(req) : rule.reply;
      return concrete(reply, req);
    }
    if (found) return concrete(await found.route.handle(req), req);
    const fallback: Reply = options.notFound?.(req) ?? {
      kind: 'json',
      status: 404,
      body: { error: { message: `${name}: no route for ${req.method} ${req.path}` } },
    };
    return concrete(fallback, req);
  }

  function concrete(reply: Reply, req: ReceivedRequest): ConcreteReply {
    if (reply.kind !== 'turn' && reply.kind !== 'failure') return reply;
    if (!options.render) throw new Error(`${name} cannot render a ${reply.kind} reply`);
    return options.render(reply, req);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    name,
    url: `http://${host}:${address.port}`,
    port: address.port,
    received,
    get abortedCount() {
      return abortedCount;
    },
    script(rule) {
      const scripted: ScriptedRule = { ...rule, hits: 0 };
      rules.push(scripted);
      return scripted;
    },
    reset() {
      rules.length = 0;
      received.length = 0;
      seq = 0;
      abortedCount = 0;
    },
    async waitFor(predicate, timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error(`${name}: condition not met within ${timeoutMs} ms`);
        await sleep(5);
      }
    },
    close() {
      closing = true;
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function compileRoute(route: Route): CompiledRoute {
  if (route.path instanceof RegExp) {
    const pattern = route.path;
    return { route, match: (path) => (pattern.test(path) ? {} : undefined) };
  }
  const names: string[] = [];
  const source = route.path
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const param = /^\{([^}]+)\}$/.exec(part);
      if (!param) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      names.push(param[1]!);
      return '([^/]+)';
    })
    .join('');
  const pattern = new RegExp(`^${source}/?$`);
  return {
    route,
    match(path) {
      const found = pattern.exec(path);
      if (!found) return undefined;
      return Object.fromEntries(names.map((key, i) => [key, decodeURIComponent(found[i + 1]!)]));
    },
  };
}

function findRoute(routes: CompiledRoute[], req: ReceivedRequest) {
  for (const compiled of routes) {
    if (compiled.route.method !== req.method) continue;
    const params = compiled.match(req.path);
    if (params) return { route: compiled.route, params };
  }
  return undefined;
}

function ruleMatches(rule: ScriptedRule, req: ReceivedRequest): boolean {
  if (rule.times !== undefined && rule.hits >= rule.times) return false;
  if (rule.method && rule.method !== req.method) return false;
  if (rule.path !== undefined && !pathMatches(rule.path, req.path)) return false;
  if (!rule.when) return true;
  try {
    return rule.when(req);
  } catch {
    return false;
  }
}

function pathMatches(expected: string | RegExp, path: string): boolean {
  if (expected instanceof RegExp) return expected.test(path);
  return compileRoute({ name: '', method: '', path: expected, handle: () => ({ kind: 'hang' }) }).match(path) !== undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    // A client that goes away mid-upload still gets its partial request recorded.
    req.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** Parses the body on first read only, so load tests with fixed replies never pay for it. */
function withLazyJson(fields: Omit<ReceivedRequest, 'json'>): ReceivedRequest {
  let parsed: { value: unknown } | undefined;
  return Object.defineProperty(fields, 'json', {
    enumerable: true,
    get() {
      parsed ??= { value: parseJson(fields.body) };
      return parsed.value;
    },
  }) as ReceivedRequest;
}

function parseJson(body: string): unknown {
  if (!body) return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
