// A stand-in for Anthropic on 127.0.0.1, for this plugin's tests: it checks the key
// as the real Anthropic Messages API would, and answers as a simulated model that echoes what it is
// told and calls a tool when asked to "read the file <path>" (scripts/simulators/README.md),
// and counts tokens as the fake LiteLLM does.
import {
  anthropicErrorBody,
  anthropicErrorType,
  checkAnthropicRequest,
  conversationOf,
  defaultAgentTurn,
  fakeCountTokens,
  renderAnthropicMessage,
  renderAnthropicSse,
  startSimulator,
  type ErrorReply,
  type Simulator,
} from '../../../scripts/simulators';

export const SIMULATED_API_KEY = 'sk-anthropic-simulated';

const error = (status: number, message: string): ErrorReply => ({ kind: 'error', status, body: anthropicErrorBody(anthropicErrorType(status), message) });

export function startAnthropicSimulator(): Promise<Simulator> {
  return startSimulator({
    name: 'fake-anthropic',
    routes: [
      { name: 'messages', method: 'POST', path: '/v1/messages', handle: (req) => ({ kind: 'turn', turn: defaultAgentTurn(conversationOf(req)) }) },
      { name: 'count_tokens', method: 'POST', path: '/v1/messages/count_tokens', handle: (req) => ({ kind: 'json', body: { input_tokens: fakeCountTokens(req.json) } }) },
      // The models list (needs the key): what `gateway check --probe` calls.
      { name: 'models', method: 'GET', path: '/v1/models', handle: () => ({ kind: 'json', body: { data: [{ type: 'model', id: 'claude-sonnet-4-5', display_name: 'Claude Sonnet 4.5' }], has_more: false } }) },
    ],
    guard(req) {
      if (req.headers['x-api-key'] !== SIMULATED_API_KEY) return error(401, 'invalid x-api-key');
      if (req.route === 'models') return undefined;
      const problem = checkAnthropicRequest(req.json, { countTokens: req.route === 'count_tokens' });
      return problem === undefined ? undefined : error(400, problem);
    },
    render(reply, req) {
      if (reply.kind === 'failure') return error(reply.status, reply.message);
      if (conversationOf(req).stream) return { kind: 'sse', pieces: renderAnthropicSse(reply.turn) };
      return { kind: 'json', body: renderAnthropicMessage(reply.turn) };
    },
  });
}
