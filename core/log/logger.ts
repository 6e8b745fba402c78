import { Writable } from 'node:stream';
import winston, { type Logger } from 'winston';
import { prettyLine } from './pretty-format';
import { redact, redactField } from './redact';

export type { Logger };

/** `json`: one JSON object a line, for machines (the default); `pretty`: readable lines for a terminal. */
export type LogFormat = 'json' | 'pretty';

export interface LoggerOptions {
  level?: string;
  format?: LogFormat;
  /** Where the lines go; stdout unless a test captures them. */
  stream?: Writable;
}

/** Pretty lines are coloured only on a terminal, and never under NO_COLOR. */
function wantsColour(stream: Writable | undefined): boolean {
  const target = (stream ?? process.stdout) as Writable & { isTTY?: boolean };
  return target.isTTY === true && !process.env.NO_COLOR;
}

const MESSAGE = Symbol.for('message');
type Info = winston.Logform.TransformableInfo;

/**
 * The entry as the seed's lines show it, e.g.
 * {"backend":"OPENROUTER","event":"Active proxy backend configured",...}:
 * the text under `event`, then `level`, `time` and the entry's fields, keys in
 * alphabetical order, secrets masked.
 */
function seedFields(info: Info): Record<string, unknown> {
  const keys = Object.keys(info).filter((key) => key !== 'message' && key !== 'event' && key !== 'time');
  keys.push('event', 'time');
  keys.sort();
  const fields: Record<string, unknown> = {};
  for (const key of keys) {
    if (key === 'event') fields.event = redact(info.message);
    else if (key === 'time') fields.time = new Date().toISOString();
    else fields[key] = key === 'level' ? info.level : redactField(key, info[key]);
  }
  return fields;
}

// One format writes the whole line, so an entry is shaped and serialised once:
// this runs for every log line on the request path.
const jsonLine = winston.format((info) => {
  (info as Info & { [MESSAGE]: string })[MESSAGE] = JSON.stringify(seedFields(info));
  return info;
});

function prettyLines(colour: boolean): winston.Logform.Format {
  return winston.format((info) => {
    (info as Info & { [MESSAGE]: string })[MESSAGE] = prettyLine(seedFields(info), colour);
    return info;
  })();
}

/**
 * winston's child() makes its heir through Object.create's property
 * descriptors, a slow path that cost several microseconds of every request in
 * a CPU profile (each request gets a child). This makes the same heir with a
 * plain assignment: entries written through it carry `meta` under their own
 * fields, and an Error logged as the entry keeps its message and stack.
 */
function childLogger(this: Logger, meta: Record<string, unknown>): Logger {
  const parent = this;
  const child = Object.create(parent) as Logger;
  child.write = function writeWithMeta(info: Record<string, unknown>) {
    const entry = Object.assign({}, meta, info);
    if (info instanceof Error) Object.assign(entry, { message: info.message, stack: info.stack, cause: info.cause });
    return parent.write(entry);
  } as Logger['write'];
  return child;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const transport = options.stream
    ? new winston.transports.Stream({ stream: options.stream })
    : new winston.transports.Console();
  const logger = winston.createLogger({
    level: options.level ?? 'info',
    format: options.format === 'pretty' ? prettyLines(wantsColour(options.stream)) : jsonLine(),
    transports: [transport],
  });
  logger.child = childLogger;
  // winston builds and formats every entry before its transports drop it; a
  // level that is off should cost nothing on the request path.
  for (const level of Object.keys(logger.levels)) {
    if (!logger.isLevelEnabled(level)) (logger as unknown as Record<string, unknown>)[level] = () => logger;
  }
  return logger;
}

/** Collects JSON log lines in memory; used by tests and by the CLI's dry runs. */
export function createMemoryLogger(level = 'debug'): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger({ level, stream }), lines };
}
