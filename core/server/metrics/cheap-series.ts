import type { Metric, MetricObjectWithValues, MetricValue, MetricValueWithName, Registry } from 'prom-client';

// prom-client validates and hashes a label set on every inc() and observe():
// about a microsecond each, several per request on the hot path. These keep
// one cell per label set, found by a key the caller builds from values it
// already has, and hand prom-client the same values (in the shape its own
// Counter and Histogram report) only when the registry is scraped or summed
// across cluster workers.

type Labels = Record<string, string>;

/** What a registry asks of a metric: prom-client's own metrics and these alike. */
abstract class RegisteredSeries {
  readonly aggregator = 'sum' as const;

  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'histogram',
    registry: Registry,
  ) {
    registry.registerMetric(this as unknown as Metric);
  }

  abstract values(): Array<MetricValue<string> | MetricValueWithName<string>>;

  /** The series in the shape prom-client's own metrics report them, for the registry to print or sum. */
  async get(): Promise<Omit<MetricObjectWithValues<MetricValue<string>>, 'collect'>> {
    return { name: this.name, help: this.help, type: this.type as never, aggregator: this.aggregator, values: this.values() };
  }
}

interface CounterCell {
  labels: Labels;
  value: number;
}

/** A counter whose label sets are found by a string key (e.g. the label values joined). */
export class KeyedCounter extends RegisteredSeries {
  private readonly cells = new Map<string, CounterCell>();

  constructor(name: string, help: string, registry: Registry) {
    super(name, help, 'counter', registry);
  }

  /** Adds `by` to the series `key`; `labels` is called only the first time the key is seen. */
  inc(key: string, labels: () => Labels, by = 1): void {
    let cell = this.cells.get(key);
    if (cell === undefined) {
      cell = { labels: labels(), value: 0 };
      this.cells.set(key, cell);
    }
    cell.value += by;
  }

  values(): MetricValue<string>[] {
    return [...this.cells.values()].map(({ labels, value }) => ({ labels, value }));
  }
}

interface HistogramCell {
  labels: Labels;
  /** Observations per bucket (not cumulative); the last slot is above every bound. */
  counts: Float64Array;
  sum: number;
  count: number;
}

/** A histogram whose label sets are found by a string key. */
export class KeyedHistogram extends RegisteredSeries {
  private readonly cells = new Map<string, HistogramCell>();

  constructor(
    name: string,
    help: string,
    private readonly bounds: readonly number[],
    registry: Registry,
  ) {
    super(name, help, 'histogram', registry);
  }

  observe(key: string, labels: () => Labels, value: number): void {
    let cell = this.cells.get(key);
    if (cell === undefined) {
      cell = { labels: labels(), counts: new Float64Array(this.bounds.length + 1), sum: 0, count: 0 };
      this.cells.set(key, cell);
    }
    const bounds = this.bounds;
    let slot = 0;
    while (slot < bounds.length && value > bounds[slot]) slot++;
    cell.counts[slot] += 1;
    cell.sum += value;
    cell.count += 1;
  }

  values(): MetricValueWithName<string>[] {
    const out: MetricValueWithName<string>[] = [];
    for (const { labels, counts, sum, count } of this.cells.values()) {
      let cumulative = 0;
      this.bounds.forEach((bound, slot) => {
        cumulative += counts[slot];
        out.push({ labels: { ...labels, le: bound }, value: cumulative, metricName: `${this.name}_bucket` });
      });
      out.push({ labels: { ...labels, le: '+Inf' }, value: count, metricName: `${this.name}_bucket` });
      out.push({ labels, value: sum, metricName: `${this.name}_sum` });
      out.push({ labels, value: count, metricName: `${this.name}_count` });
    }
    return out;
  }
}
