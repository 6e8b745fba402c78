// The request `npm run demo -- --smoke` sends: what a client would send, with a
// model id Claude Code uses, so the log shows the model being routed.

export const SMOKE_MODEL = 'claude-sonnet-4-5-20250929';
export const SMOKE_PROMPT = 'Hello from npm run demo';

export interface SmokeAnswer {
  status: number;
  backend: string | null;
  text: string;
}

export async function sendSmokeRequest(gatewayUrl: string): Promise<SmokeAnswer> {
  const response = await fetch(`${gatewayUrl}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'demo', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model: SMOKE_MODEL, max_tokens: 1024, messages: [{ role: 'user', content: SMOKE_PROMPT }] }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json()) as { content?: Array<{ type: string; text?: string }>; error?: { message?: string } };
  const text = response.ok
    ? (body.content ?? []).filter((block) => block.type === 'text').map((block) => block.text).join('')
    : `${body.error?.message ?? 'no error message'}`;
  return { status: response.status, backend: response.headers.get('x-gateway-backend'), text };
}
