// What the primary and its workers say to each other over the cluster's IPC
// channel (besides prom-client's own metrics requests).

/** A worker asks for every worker's metrics, summed (its GET /metrics). */
export interface MetricsRequest {
  type: 'llm-gateway:metrics-request';
  id: number;
}

export interface MetricsAnswer {
  type: 'llm-gateway:metrics-answer';
  id: number;
  text?: string;
  error?: string;
}

/** A second stop signal reached the primary: end the drain now. */
export interface StopNow {
  type: 'llm-gateway:stop-now';
  signal: string;
}

const isMessage = (value: unknown, type: string): boolean => typeof value === 'object' && value !== null && (value as { type?: unknown }).type === type;

export const isMetricsRequest = (value: unknown): value is MetricsRequest => isMessage(value, 'llm-gateway:metrics-request');
export const isMetricsAnswer = (value: unknown): value is MetricsAnswer => isMessage(value, 'llm-gateway:metrics-answer');
export const isStopNow = (value: unknown): value is StopNow => isMessage(value, 'llm-gateway:stop-now');
