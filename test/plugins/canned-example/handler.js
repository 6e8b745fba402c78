// Plain CommonJS on purpose: an ops team's plugin need not be TypeScript, nor import the core.
function lastUserText(body) {
  const last = [...body.messages].reverse().find((m) => m.role === 'user');
  if (!last) return '';
  if (typeof last.content === 'string') return last.content;
  return (last.content || []).filter((b) => b.type === 'text').map((b) => b.text).join('');
}

function answer(ctx) {
  return {
    id: 'msg_canned_example',
    type: 'message',
    role: 'assistant',
    model: ctx.requestedModel,
    content: [{ type: 'text', text: `${ctx.settings.CANNED_PREFIX} (${ctx.upstreamModel} in ${ctx.settings.CANNED_REGION}): ${lastUserText(ctx.body)}` }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: ctx.inputTokenEstimate, output_tokens: 5 },
  };
}

async function* events(message) {
  yield { type: 'message_start', message: { ...message, content: [], stop_reason: null, usage: { ...message.usage, output_tokens: 0 } } };
  yield { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } };
  for (const word of message.content[0].text.split(/(?<= )/)) {
    yield { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: word } };
  }
  yield { type: 'content_block_stop', index: 0 };
  yield { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 5 } };
  yield { type: 'message_stop' };
}

// Reads the standard AbortSignal the core hands every plugin, as a plugin passing it to fetch() would.
async function waitForHangUp(ctx) {
  const { signal } = ctx;
  if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  ctx.logger.info('Fake plugin saw the client leave', { reason: signal.reason && signal.reason.name });
  return { type: 'handled' };
}

module.exports = {
  default: {
    async messages(ctx) {
      if (lastUserText(ctx.body) === 'wait until I hang up') return waitForHangUp(ctx);
      const message = answer(ctx);
      return ctx.stream ? { type: 'stream', events: events(message) } : { type: 'message', message };
    },
    routes: {
      async region(ctx) {
        return { status: 200, body: { region: ctx.settings.CANNED_REGION } };
      },
    },
  },
};
