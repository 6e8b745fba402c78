import type { Logger } from 'winston';

// anthropic-beta values Bedrock's InvokeModel takes in `anthropic_beta`; any
// other fails the call with "invalid beta flag" (mcp-servers-2025-12-04 and
// advanced-tool-use-2025-11-20 among them), so those are dropped.
export const BEDROCK_BETAS: readonly string[] = [
  'computer-use-2024-10-22',
  'computer-use-2025-01-24',
  'computer-use-2025-11-24',
  'token-efficient-tools-2025-02-19',
  'interleaved-thinking-2025-05-14',
  'output-128k-2025-02-19',
  'dev-full-thinking-2025-05-14',
  'context-1m-2025-08-07',
  'context-management-2025-06-27',
  'effort-2025-11-24',
  'tool-search-tool-2025-10-19',
  'tool-examples-2025-10-29',
];

/** The accepted betas: AWS_BEDROCK_BETAS when set, else the built-in list. */
export function acceptedBetas(setting: string | undefined): ReadonlySet<string> {
  const listed = setting?.split(',').map((beta) => beta.trim()).filter(Boolean);
  return new Set(listed && listed.length > 0 ? listed : BEDROCK_BETAS);
}

// Top-level fields of Anthropic's API that Bedrock's schema refuses ("extraneous key").
const REFUSED_FIELDS = ['service_tier', 'container', 'inference_geo', 'mcp_servers'];
// Claude Code's attribution line, a reserved keyword in a Bedrock system prompt.
const BILLING_HEADER = 'x-anthropic-billing-header:';

/** Drops what Bedrock would refuse: the fields above, metadata other than user_id, the attribution line of the system prompt. */
export function fitBodyToBedrock(body: Record<string, unknown>, logger: Pick<Logger, 'debug'>): void {
  const dropped: string[] = [];
  for (const field of REFUSED_FIELDS) {
    if (field in body) {
      delete body[field];
      dropped.push(field);
    }
  }
  const metadata = body.metadata as Record<string, unknown> | undefined;
  if (metadata && typeof metadata === 'object' && Object.keys(metadata).some((key) => key !== 'user_id')) {
    if (metadata.user_id === undefined) delete body.metadata;
    else body.metadata = { user_id: metadata.user_id };
    dropped.push('metadata (but user_id)');
  }
  if (Array.isArray(body.system)) {
    const kept = body.system.filter((block: { type?: string; text?: unknown }) => !(block?.type === 'text' && typeof block.text === 'string' && block.text.startsWith(BILLING_HEADER)));
    if (kept.length !== body.system.length) {
      if (kept.length > 0) body.system = kept;
      else delete body.system;
      dropped.push('system attribution line');
    }
  } else if (typeof body.system === 'string' && body.system.startsWith(BILLING_HEADER)) {
    const rest = body.system.slice(body.system.indexOf('\n') + 1);
    if (body.system.includes('\n') && rest) body.system = rest;
    else delete body.system;
    dropped.push('system attribution line');
  }
  if (dropped.length > 0) logger.debug('Dropped what Bedrock refuses', { dropped });
}
