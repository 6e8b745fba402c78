// The AI SDK ships ES modules only; a dynamic import loads it from these
// CommonJS test files (jest compiles it, see jest.e2e.config.js).

export async function loadAiSdk() {
  const [ai, anthropic] = await Promise.all([import('ai'), import('@ai-sdk/anthropic')]);
  return { ai, anthropic };
}

export type AiSdk = Awaited<ReturnType<typeof loadAiSdk>>;
