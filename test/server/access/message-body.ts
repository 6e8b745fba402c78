export const MESSAGE = JSON.stringify({ model: 'claude-sonnet-4', max_tokens: 16, messages: [{ role: 'user', content: 'hello' }] });
