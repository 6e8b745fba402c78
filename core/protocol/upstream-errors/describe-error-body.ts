// Finds the message (and whatever else is useful) in any error body our
// upstreams send. Shapes, in the order they are tried:
//   Anthropic   {type:"error", error:{type, message}}
//   OpenRouter  {error:{code:<number>, message, metadata:{raw, provider_name, reasons}}}
//   OpenAI      {error:{message, type, param, code}}  (LiteLLM: type "None", code "400")
//   Databricks  {error_code:"BAD_REQUEST", message}
//   FastAPI     {detail: "..." | [...]}; anything else with a top-level message
//   plain text and HTML pages (their <title>)

export interface ErrorBodyFacts {
  message: string;
  /** The Anthropic error type, only when the body already was Anthropic's envelope. */
  anthropicType?: string;
  /** The error object's own `type` outside that envelope (OpenAI's, or an Anthropic type passed on by a router). */
  errorType?: string;
  /** Machine code when the upstream gives one (OpenAI `code`, Databricks `error_code`). */
  code?: string;
  /** A status carried inside the body (OpenRouter's numeric code; LiteLLM's "400"). */
  bodyStatus?: number;
}

const TEXT_LIMIT = 2000;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export function truncate(text: string, limit = TEXT_LIMIT): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}… (truncated)`;
}

function statusIn(code: unknown): number | undefined {
  const n = typeof code === 'number' ? code : typeof code === 'string' && /^\d{3}$/.test(code) ? Number(code) : NaN;
  return n >= 400 && n <= 599 ? n : undefined;
}

function describeText(text: string): ErrorBodyFacts | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return describeErrorBody(JSON.parse(trimmed)) ?? { message: truncate(trimmed) };
    } catch {
      // not JSON after all: fall through to text
    }
  }
  if (/^<(!doctype|html|head|body)\b/i.test(trimmed)) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(trimmed)?.[1];
    const words = (title ?? trimmed.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' '))
      .replace(/\s+/g, ' ')
      .trim();
    return { message: `HTML page: ${truncate(words || 'no text', 300)}` };
  }
  return { message: truncate(trimmed) };
}

/** The message of an OpenRouter `metadata.raw`, which is the provider's own error, often JSON in a string. */
function rawMessage(raw: unknown): string | undefined {
  if (typeof raw === 'string') return describeText(raw)?.message;
  if (isObject(raw)) return describeErrorBody(raw)?.message ?? truncate(JSON.stringify(raw));
  return undefined;
}

export function describeErrorBody(body: unknown): ErrorBodyFacts | undefined {
  if (typeof body === 'string') return describeText(body);
  if (!isObject(body)) return undefined;

  const error = body.error;
  if (isObject(error)) {
    if (body.type === 'error' && str(error.message) !== undefined) {
      return { message: str(error.message)!, anthropicType: str(error.type) };
    }
    const top = str(error.message) ?? str(error.type) ?? 'Upstream error';
    const facts: ErrorBodyFacts = { message: top, bodyStatus: statusIn(error.code), errorType: str(error.type) };
    if (typeof error.code === 'string' && facts.bodyStatus === undefined) facts.code = error.code;
    const metadata = isObject(error.metadata) ? error.metadata : undefined;
    if (metadata) {
      const provider = str(metadata.provider_name);
      const fromRaw = rawMessage(metadata.raw);
      if (fromRaw && fromRaw !== top) facts.message = `${top}${provider ? ` (${provider})` : ''}: ${fromRaw}`;
      const reasons = Array.isArray(metadata.reasons) ? metadata.reasons.filter((r) => typeof r === 'string') : [];
      if (reasons.length) facts.message += ` (reasons: ${reasons.join(', ')})`;
    }
    return facts;
  }
  if (str(error)) return { message: str(error)! };

  if (str(body.error_code) && str(body.message)) {
    return { message: str(body.message)!, code: str(body.error_code) };
  }
  if (body.detail !== undefined) {
    return { message: str(body.detail) ?? truncate(JSON.stringify(body.detail)) };
  }
  if (str(body.message)) return { message: str(body.message)!, code: str(body.code) ?? str(body.error_code) };
  return undefined;
}
