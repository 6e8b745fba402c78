import cluster from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import { isMetricsRequest, type MetricsAnswer } from './cluster-messages';

/**
 * In the primary: collects every worker's registry and sums them (prom-client's
 * cluster aggregation; gauges that set an aggregator, such as breaker state,
 * use theirs), for a worker's GET /metrics and for the metrics port. Returns
 * the function that renders that sum.
 */
export function answerMetricsRequests(): () => Promise<string> {
  const aggregator = new AggregatorRegistry();
  const render = () => aggregator.clusterMetrics();
  cluster.on('message', (worker, message: unknown) => {
    if (!isMetricsRequest(message)) return;
    const reply = (answer: Omit<MetricsAnswer, 'type' | 'id'>) => {
      if (worker.isConnected()) worker.send({ type: 'llm-gateway:metrics-answer', id: message.id, ...answer } satisfies MetricsAnswer);
    };
    render().then(
      (text) => reply({ text }),
      (error: Error) => reply({ error: error.message }),
    );
  });
  return render;
}
