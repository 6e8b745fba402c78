import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'winston';
import type { Backend } from '../plugins/backend-registry';
import type { MessagesContext, PluginSettings, UpstreamTimeouts } from '../plugins/plugin-contract';
import type { PluginManifest } from '../plugins/manifest-schema';
import type { MessagesRequest } from '../protocol/anthropic/types';
import { estimateInputTokens } from '../protocol/estimate-input-tokens';
import type { ClientGone } from '../upstream/client-gone';
import type { RequestContext } from './request-context';

/** What the context reads of the request body; `parsed` may parse it again. */
export interface BodySource {
  readonly raw: Buffer;
  readonly model: string;
  readonly parsed: MessagesRequest;
  release(): void;
}

/**
 * One attempt's MessagesContext. A class rather than an object literal: it is
 * built on every request, and what is costly or seldom read (the parsed body,
 * a child logger, the token estimate, an AbortSignal) is made on first read.
 */
export class AttemptContext implements MessagesContext {
  readonly requestedModel: string;
  readonly settings: PluginSettings;
  readonly options: Readonly<Record<string, unknown>>;
  readonly manifest: PluginManifest;
  readonly clientHeaders: IncomingHttpHeaders;
  readonly query: string;
  readonly requestId: string;
  readonly clientGone: ClientGone;
  readonly timeouts: UpstreamTimeouts;
  readonly http: { req: IncomingMessage; res: ServerResponse };
  private childLogger: Logger | undefined;
  private estimate: number | undefined;

  constructor(
    private readonly backend: Backend,
    private readonly source: BodySource,
    readonly upstreamModel: string,
    readonly stream: boolean,
    req: IncomingMessage & { originalUrl: string },
    res: ServerResponse,
    private readonly rc: RequestContext,
  ) {
    const queryAt = req.originalUrl.indexOf('?');
    this.requestedModel = source.model;
    this.settings = backend.settings;
    this.options = backend.options;
    this.manifest = backend.loaded.manifest;
    this.clientHeaders = req.headers;
    this.query = queryAt === -1 ? '' : req.originalUrl.slice(queryAt + 1);
    this.requestId = rc.id;
    this.clientGone = rc.clientGone;
    this.timeouts = backend.timeouts;
    this.http = { req, res };
  }

  get rawBody(): Buffer {
    return this.source.raw;
  }

  get body(): MessagesRequest {
    return this.source.parsed;
  }

  releaseBody(): void {
    this.source.release();
  }

  get signal(): AbortSignal {
    return this.clientGone.signal;
  }

  get logger(): Logger {
    return (this.childLogger ??= this.rc.logger.child({ backend: this.backend.id }));
  }

  get inputTokenEstimate(): number {
    return (this.estimate ??= estimateInputTokens(this.source.parsed));
  }
}
