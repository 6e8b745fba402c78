import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { KeyedCounter, KeyedHistogram } from './cheap-series';
import type { Backend } from '../../plugins/backend-registry';

/** One request as the `Request completed` line sees it, in the units the metrics take. */
export interface CompletedRequest {
  backend: string;
  /** The upstream model id; bounded to the backend's known models before it becomes a label. */
  model: string | undefined;
  caller: string;
  status: number;
  stream: boolean;
  durationMs: number;
  /** Until the gateway began answering (headers), or the whole duration when it never did. */
  firstByteMs: number;
  bodyBytes: number;
  usage?: TokenUsage;
}

export interface TokenUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

// From a 2 ms pass-through to a 10-minute stream: each bucket is about 2.5x the last.
const DURATION_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 180, 300, 600];
const BODY_BUCKETS = [1024, 4096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304, 16_777_216, 67_108_864];
const BREAKER_STATE = { closed: 0, 'half-open': 1, open: 2 } as const;
const TOKEN_KINDS = [
  ['input', 'input_tokens'],
  ['output', 'output_tokens'],
  ['cache_read', 'cache_read_input_tokens'],
  ['cache_write', 'cache_creation_input_tokens'],
] as const;

export interface MetricsOptions {
  backends: Backend[];
  /** Process and event-loop-lag metrics (off in tests that build many gateways). */
  defaultMetrics?: boolean;
}

/**
 * The gateway's Prometheus metrics, in a registry of its own. Every label
 * value is bounded: backends and callers come from configuration, models from
 * the backends' maps (anything else counts as `other`), status as its class.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  /** Per backend, the upstream models its map names: the only model label values besides `other`. */
  private readonly models = new Map<string, Set<string>>();
  private readonly requests: KeyedCounter;
  private readonly duration: KeyedHistogram;
  private readonly firstByte: KeyedHistogram;
  private readonly upstreamLatency: KeyedHistogram;
  private readonly tokens: KeyedCounter;
  private readonly bodyBytes: KeyedHistogram;
  private readonly retries: Counter;
  private readonly fallbacks: Counter;
  /** Read by the gauges when scraped: counting in plain numbers costs the request path nothing. */
  private requestsInFlight = 0;
  private streamsInFlight = 0;
  private source: (() => Promise<string>) | undefined;

  constructor(options: MetricsOptions) {
    const registers = [this.registry];
    for (const backend of options.backends) {
      this.models.set(backend.id, new Set([...Object.values(backend.modelMap), backend.loaded.manifest.models.default]));
    }
    const registry = this.registry;
    this.requests = new KeyedCounter(
      'llm_gateway_requests_total',
      'Messages requests answered, by backend, upstream model, caller, status class and whether streamed',
      registry,
    );
    this.duration = new KeyedHistogram('llm_gateway_request_duration_seconds', 'Messages requests from arrival to the last byte', DURATION_BUCKETS, registry);
    this.firstByte = new KeyedHistogram(
      'llm_gateway_time_to_first_byte_seconds',
      'Messages requests from arrival until the gateway began to answer',
      DURATION_BUCKETS,
      registry,
    );
    this.upstreamLatency = new KeyedHistogram(
      'llm_gateway_upstream_latency_seconds',
      "Each upstream attempt from its start until the upstream's answer (or failure) arrived",
      DURATION_BUCKETS,
      registry,
    );
    this.tokens = new KeyedCounter(
      'llm_gateway_tokens_total',
      'Tokens the upstream reported, by backend, upstream model, caller and kind (input, output, cache_read, cache_write)',
      registry,
    );
    this.bodyBytes = new KeyedHistogram('llm_gateway_request_body_bytes', 'Messages request bodies as received', BODY_BUCKETS, registry);
    this.retries = new Counter({ name: 'llm_gateway_upstream_retries_total', help: 'Upstream attempts retried', labelNames: ['backend'], registers });
    this.fallbacks = new Counter({ name: 'llm_gateway_fallbacks_total', help: 'Requests moved to the next backend in the chain', labelNames: ['from', 'to'], registers });
    const metrics = this;
    new Gauge({
      name: 'llm_gateway_requests_in_flight',
      help: 'Messages requests being served',
      registers,
      collect() {
        this.set(metrics.requestsInFlight);
      },
    });
    new Gauge({
      name: 'llm_gateway_streams_in_flight',
      help: 'Streamed Messages requests being served',
      registers,
      collect() {
        this.set(metrics.streamsInFlight);
      },
    });
    const backends = options.backends;
    new Gauge({
      name: 'llm_gateway_circuit_breaker_state',
      help: 'Circuit breaker per backend: 0 closed, 1 half-open, 2 open (each process keeps its own)',
      labelNames: ['backend'],
      registers,
      // Workers each have their own breakers: the worst of them is the one to see.
      aggregator: 'max',
      collect() {
        for (const backend of backends) this.set({ backend: backend.id }, BREAKER_STATE[backend.breaker.state]);
      },
    });
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'llm_gateway_' });
  }

  /** Counts a request in flight (and, once known, as a stream) until `end()`. */
  trackInFlight(): { streaming(): void; end(): void } {
    this.requestsInFlight += 1;
    let streaming = false;
    return {
      streaming: () => {
        if (streaming) return;
        streaming = true;
        this.streamsInFlight += 1;
      },
      end: () => {
        this.requestsInFlight -= 1;
        if (streaming) this.streamsInFlight -= 1;
      },
    };
  }

  /**
   * The metrics in Prometheus' text format: this process's own, unless a
   * source was set (a cluster worker asks the primary for every worker's sum).
   */
  render(): Promise<string> {
    return this.source ? this.source() : this.registry.metrics();
  }

  renderFrom(source: () => Promise<string>): void {
    this.source = source;
  }

  completed(request: CompletedRequest): void {
    const { backend, caller } = request;
    const model = this.modelLabel(backend, request.model);
    const stream = request.stream ? 'true' : 'false';
    const statusClass = `${Math.floor(request.status / 100)}xx`;
    const byBackend = `${backend} ${stream}`;
    const series = `${byBackend} ${model} ${caller} ${statusClass}`;
    this.requests.inc(series, () => ({ backend, model, caller, status_class: statusClass, stream }));
    const backendAndStream = () => ({ backend, stream });
    this.duration.observe(byBackend, backendAndStream, request.durationMs / 1000);
    this.firstByte.observe(byBackend, backendAndStream, request.firstByteMs / 1000);
    this.bodyBytes.observe(backend, () => ({ backend }), request.bodyBytes);
    if (!request.usage) return;
    for (const [kind, field] of TOKEN_KINDS) {
      const value = request.usage[field];
      if (typeof value === 'number' && value > 0) this.tokens.inc(`${backend} ${model} ${caller} ${kind}`, () => ({ backend, model, caller, kind }), value);
    }
  }

  upstreamAttempt(backend: string, seconds: number, outcome: 'answered' | 'failed'): void {
    this.upstreamLatency.observe(`${backend} ${outcome}`, () => ({ backend, outcome }), seconds);
  }

  retried(backend: string): void {
    this.retries.inc({ backend });
  }

  fellBack(from: string, to: string): void {
    this.fallbacks.inc({ from, to });
  }

  private modelLabel(backend: string, model: string | undefined): string {
    if (!model) return 'none';
    // A model a client named (passed on by a backend's own rule) is not a label: clients could add series without end.
    return this.models.get(backend)?.has(model) ? model : 'other';
  }
}
