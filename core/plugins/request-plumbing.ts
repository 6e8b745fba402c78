import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClientGone } from '../upstream/client-gone';
import type { MessagesContext } from './plugin-contract';

/**
 * What the core's own MessagesContext carries beyond the plugin contract, for
 * the kit: plugins never see it. The kit lets go of the parsed request once
 * the bytes to send are ready (`releaseBody`), so that the core does not hold
 * it while the upstream answers (a large body held that long is copied into
 * V8's old generation under load); reading `body` afterwards parses the bytes
 * again. `clientGone` is the same event as `signal`, cheaper to listen to.
 */
export interface RequestPlumbing {
  releaseBody(): void;
  clientGone: ClientGone;
  http: { req: IncomingMessage; res: ServerResponse };
}

export type CoreMessagesContext = MessagesContext & RequestPlumbing;

/** The plumbing of a context the core made (every context a plugin is handed). */
export function plumbingOf(ctx: Pick<MessagesContext, 'requestId'>): RequestPlumbing {
  return ctx as unknown as RequestPlumbing;
}
