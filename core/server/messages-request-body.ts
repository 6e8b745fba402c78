import { invalidRequest } from '../protocol/anthropic/errors';
import type { MessagesRequest } from '../protocol/anthropic/types';
import { validateMessagesRequest } from '../protocol/anthropic/validate-request';
import { parseJsonBuffer } from '../protocol/json/parse-json-buffer';

export interface BodyOverrides {
  forcedModel?: string;
  forcedStream?: boolean;
}

export function parseJsonBody(raw: unknown): unknown {
  const bytes = Buffer.isBuffer(raw) ? raw : Buffer.alloc(0);
  if (bytes.length === 0) throw invalidRequest('Request body is empty: expected a JSON object');
  try {
    return parseJsonBuffer(bytes);
  } catch (error) {
    throw invalidRequest(`Request body is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * A Messages request body: validated once when it arrives, then kept parsed
 * only while someone may read it. A pass-through plugin forwards the bytes,
 * and a large parsed body held for the whole upstream call would outlive
 * several young-generation collections and be copied into the old one, which
 * under load costs more than parsing it again if a fallback ever needs it.
 */
export class MessagesRequestBody {
  readonly model: string;
  readonly stream: boolean;
  private kept: MessagesRequest | undefined;

  constructor(
    readonly raw: Buffer,
    private readonly overrides: BodyOverrides = {},
  ) {
    const body = this.parse();
    this.model = body.model;
    this.stream = body.stream === true;
    this.kept = body;
  }

  get parsed(): MessagesRequest {
    return (this.kept ??= this.parse());
  }

  release(): void {
    this.kept = undefined;
  }

  private parse(): MessagesRequest {
    const body = validateMessagesRequest(parseJsonBody(this.raw));
    if (this.overrides.forcedModel) body.model = this.overrides.forcedModel;
    if (this.overrides.forcedStream) body.stream = true;
    return body;
  }
}
