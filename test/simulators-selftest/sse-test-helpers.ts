// Test-side readers for what the simulators write: a spec-compliant SSE parse
// (eventsource-parser), a strict Anthropic stream grammar check, and raw reads.

import { createParser } from 'eventsource-parser';

export interface ParsedSse {
  events: Array<{ event?: string; data: string }>;
  comments: string[];
}

export function parseSse(text: string | string[]): ParsedSse {
  const parsed: ParsedSse = { events: [], comments: [] };
  const parser = createParser({
    onEvent: (event) => parsed.events.push({ event: event.event, data: event.data }),
    onComment: (comment) => parsed.comments.push(comment.trim()),
  });
  for (const piece of Array.isArray(text) ? text : [text]) parser.feed(piece);
  return parsed;
}

/** Returns every violation of the Anthropic streaming grammar (empty when the stream is well formed). */
export function anthropicGrammarViolations(text: string | string[]): string[] {
  const problems: string[] = [];
  const events = parseSse(text).events.map((raw) => ({ name: raw.event, data: JSON.parse(raw.data) as Record<string, any> }));
  let started = false;
  let deltaSeen = false;
  let stopped = false;
  let nextIndex = 0;
  let open: { index: number; type: string; signed: boolean; json: string } | undefined;
  for (const { name, data } of events) {
    if (name !== data.type) problems.push(`event name ${name} != data.type ${data.type}`);
    if (stopped) problems.push(`${data.type} after message_stop`);
    if (data.type === 'ping') continue;
    if (!started && data.type !== 'message_start') problems.push(`first event is ${data.type}`);
    switch (data.type) {
      case 'message_start':
        if (started) problems.push('second message_start');
        started = true;
        if (!(data.message?.usage?.input_tokens > 0)) problems.push('message_start without input_tokens');
        if (data.message?.content?.length !== 0) problems.push('message_start content not empty');
        break;
      case 'content_block_start':
        if (open) problems.push(`block ${data.index} opened while ${open.index} open`);
        if (data.index !== nextIndex) problems.push(`block index ${data.index}, expected ${nextIndex}`);
        if (deltaSeen) problems.push('block after message_delta');
        open = { index: data.index, type: data.content_block.type, signed: false, json: '' };
        nextIndex++;
        break;
      case 'content_block_delta': {
        if (!open || open.index !== data.index) {
          problems.push(`delta for block ${data.index} which is not open`);
          break;
        }
        const allowed: Record<string, string[]> = {
          text: ['text_delta', 'citations_delta'],
          thinking: open.signed ? [] : ['thinking_delta', 'signature_delta'],
          tool_use: ['input_json_delta'],
          // A server tool's input (web_search's query) streams as a tool's does.
          server_tool_use: ['input_json_delta'],
        };
        if (!(allowed[open.type] ?? []).includes(data.delta.type)) problems.push(`${data.delta.type} in ${open.type} block ${open.index}`);
        if (data.delta.type === 'signature_delta') open.signed = true;
        if (data.delta.type === 'input_json_delta') open.json += data.delta.partial_json;
        break;
      }
      case 'content_block_stop':
        if (!open || open.index !== data.index) problems.push(`stop for block ${data.index} which is not open`);
        else if (open.type === 'thinking' && !open.signed) problems.push(`thinking block ${open.index} closed without signature`);
        else if (open.type === 'tool_use' || open.type === 'server_tool_use') {
          try {
            JSON.parse(open.json || '{}');
          } catch {
            problems.push(`tool_use block ${open.index} input is not JSON: ${open.json}`);
          }
        }
        open = undefined;
        break;
      case 'message_delta':
        if (open) problems.push('message_delta while a block is open');
        if (deltaSeen) problems.push('second message_delta');
        if (typeof data.usage?.output_tokens !== 'number') problems.push('message_delta without usage.output_tokens');
        deltaSeen = true;
        break;
      case 'message_stop':
        if (!deltaSeen) problems.push('message_stop before message_delta');
        stopped = true;
        break;
      default:
        problems.push(`unexpected event ${data.type}`);
    }
  }
  if (!stopped) problems.push('no message_stop');
  return problems;
}

/** A fetch Response whose json() is typed loosely, as tests poke into bodies freely. */
export type LooseResponse = Omit<Response, 'json'> & { json(): Promise<any> };

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<LooseResponse> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal });
}

export function get(url: string, headers: Record<string, string> = {}): Promise<LooseResponse> {
  return fetch(url, { headers });
}
