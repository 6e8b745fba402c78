import { AggregatorRegistry } from 'prom-client';
import type { GatewayMetrics } from '../server/metrics/gateway-metrics';
import { isMetricsAnswer, type MetricsRequest } from './cluster-messages';

// prom-client's own wait for the workers is 5 s; the primary answers within it.
const ANSWER_TIMEOUT_MS = 7000;

/**
 * In a worker: prom-client answers the primary's requests for this worker's
 * registry, and this worker's GET /metrics shows every worker's sum, which it
 * asks the primary for.
 */
export function metricsFromPrimary(metrics: GatewayMetrics): void {
  AggregatorRegistry.setRegistries([metrics.registry]);
  // Constructed in a worker, it only installs the listener that answers the primary.
  new AggregatorRegistry();
  const pending = new Map<number, { resolve(text: string): void; reject(error: Error): void; timer: NodeJS.Timeout }>();
  let lastId = 0;
  process.on('message', (message) => {
    if (!isMetricsAnswer(message)) return;
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    clearTimeout(waiting.timer);
    if (message.text !== undefined) waiting.resolve(message.text);
    else waiting.reject(new Error(message.error ?? 'no answer from the primary process'));
  });
  metrics.renderFrom(
    () =>
      new Promise<string>((resolve, reject) => {
        const id = ++lastId;
        const fail = (error: Error) => {
          if (!pending.delete(id)) return;
          clearTimeout(timer);
          reject(error);
        };
        const timer = setTimeout(() => fail(new Error('the primary process did not answer in time')), ANSWER_TIMEOUT_MS);
        pending.set(id, { resolve, reject, timer });
        const request: MetricsRequest = { type: 'llm-gateway:metrics-request', id };
        if (!process.send || !process.connected) return fail(new Error('the primary process is gone'));
        process.send(request, undefined, undefined, (error) => error && fail(error));
      }),
  );
}
