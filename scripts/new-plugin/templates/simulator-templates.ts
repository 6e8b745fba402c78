import type { PluginKind } from '../new-plugin-args';
import { pascalCase, type TemplateContext } from './template-context';

function header(c: TemplateContext, wire: string): string {
  return `// A stand-in for ${c.title} on 127.0.0.1, for this plugin's tests: it checks the key
// as the real ${wire} API would, and answers as a simulated model that echoes what it is
// told and calls a tool when asked to "read the file <path>" (scripts/simulators/README.md).`;
}

function anthropicSimulator(c: TemplateContext): string {
  return `${header(c, 'Anthropic Messages')}
import {
  anthropicErrorBody,
  anthropicErrorType,
  checkAnthropicRequest,
  conversationOf,
  defaultAgentTurn,
  renderAnthropicMessage,
  renderAnthropicSse,
  startSimulator,
  type ErrorReply,
  type Simulator,
} from '${c.simulatorsFromTest}';

export const SIMULATED_API_KEY = 'sk-${c.name}-simulated';

const error = (status: number, message: string): ErrorReply => ({ kind: 'error', status, body: anthropicErrorBody(anthropicErrorType(status), message) });

export function start${pascalCase(c.name)}Simulator(): Promise<Simulator> {
  return startSimulator({
    name: 'fake-${c.name}',
    routes: [{ name: 'messages', method: 'POST', path: '/v1/messages', handle: (req) => ({ kind: 'turn', turn: defaultAgentTurn(conversationOf(req)) }) }],
    guard(req) {
      if (req.headers['x-api-key'] !== SIMULATED_API_KEY) return error(401, 'invalid x-api-key');
      const problem = checkAnthropicRequest(req.json);
      return problem === undefined ? undefined : error(400, problem);
    },
    render(reply, req) {
      if (reply.kind === 'failure') return error(reply.status, reply.message);
      if (conversationOf(req).stream) return { kind: 'sse', pieces: renderAnthropicSse(reply.turn) };
      return { kind: 'json', body: renderAnthropicMessage(reply.turn) };
    },
  });
}
`;
}

function chatSimulator(c: TemplateContext): string {
  return `${header(c, 'OpenAI chat completions')}
import {
  checkChatRequest,
  conversationOf,
  defaultAgentTurn,
  renderChatCompletion,
  renderChatSse,
  startSimulator,
  type ErrorReply,
  type Simulator,
} from '${c.simulatorsFromTest}';

export const SIMULATED_API_KEY = 'sk-${c.name}-simulated';

const error = (status: number, message: string): ErrorReply => ({ kind: 'error', status, body: { error: { message, type: 'invalid_request_error', code: status } } });

export function start${pascalCase(c.name)}Simulator(): Promise<Simulator> {
  return startSimulator({
    name: 'fake-${c.name}',
    routes: [{ name: 'chat', method: 'POST', path: '/chat/completions', handle: (req) => ({ kind: 'turn', turn: defaultAgentTurn(conversationOf(req)) }) }],
    guard(req) {
      if (req.headers.authorization !== \`Bearer \${SIMULATED_API_KEY}\`) return error(401, 'Incorrect API key provided');
      const problem = checkChatRequest(req.json);
      return problem === undefined ? undefined : error(400, problem);
    },
    render(reply, req) {
      if (reply.kind === 'failure') return error(reply.status, reply.message);
      if (conversationOf(req).stream) return { kind: 'sse', pieces: renderChatSse(reply.turn, { usagePlacement: 'no-choices' }) };
      return { kind: 'json', body: renderChatCompletion(reply.turn) };
    },
  });
}
`;
}

export function simulatorTemplate(kind: PluginKind, c: TemplateContext): string {
  return kind === 'anthropic' ? anthropicSimulator(c) : chatSimulator(c);
}
