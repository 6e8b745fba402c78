// The simulators' default agent, with what it answered written down: the ids of
// the tool calls it made and the signature of each thinking block, so a test
// can check that exactly those came back on the next turn.

import { conversationOf, defaultAgentTurn, signThinking, type ReceivedRequest, type ScriptedTurn, type Simulator } from '../../scripts/simulators';
import { isConversation } from './start-e2e-stack';

export interface IssuedTurn {
  request: ReceivedRequest;
  turn: ScriptedTurn;
}

export function recordAgentTurns(upstream: Simulator, idPrefix: string): IssuedTurn[] {
  const issued: IssuedTurn[] = [];
  upstream.script({
    name: 'default agent (recorded)',
    when: isConversation,
    reply: (request) => {
      const turn = defaultAgentTurn(conversationOf(request));
      const number = issued.length + 1;
      if (turn.toolCalls) turn.toolCalls = turn.toolCalls.map((call, index) => ({ ...call, id: `${idPrefix}_${number}_${index + 1}` }));
      if (turn.thinking) turn.thinking = { ...turn.thinking, signature: signThinking(turn.thinking.text) };
      issued.push({ request, turn });
      return { kind: 'turn', turn };
    },
  });
  return issued;
}
