/**
 * A small Prometheus registry in web-standard TypeScript (any runtime): counters, gauges and histograms
 * with labels, rendered in the text exposition format 0.0.4. Why our own and not prom-client:
 * docs/decisions/0002-metrics.md.
 */

export type Labels = Readonly<Record<string, string>>;

/** The content type Prometheus expects for the text format. */
export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

// Every request observes a few metrics, and label values almost never need escaping: one test, then the replaces.
const NEEDS_ESCAPE = /[\\\n"]/;
const escapeLabelValue = (value: string) =>
  NEEDS_ESCAPE.test(value) ? value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"') : value;
const escapeHelp = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Label names already checked; they come from the code that defines the metrics, a handful in all. */
const checkedLabelNames = new Set<string>();

/** `{a="1",b="2"}` in a fixed order (the order of `labels`' keys), or `''` for none. */
function labelText(labels: Labels | undefined, extra?: string): string {
  const parts: string[] = [];
  if (labels !== undefined) {
    for (const key in labels) {
      if (!checkedLabelNames.has(key)) {
        if (!LABEL_NAME.test(key)) throw new Error(`Invalid label name: ${key}`);
        checkedLabelNames.add(key);
      }
      parts.push(`${key}="${escapeLabelValue(labels[key]!)}"`);
    }
  }
  if (extra !== undefined) parts.push(extra);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

function formatNumber(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return Number.isNaN(value) ? 'NaN' : String(value);
}

abstract class Metric {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'gauge' | 'histogram',
  ) {
    if (!NAME.test(name)) throw new Error(`Invalid metric name: ${name}`);
  }
  protected abstract samples(): string[];
  render(): string {
    return [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} ${this.type}`, ...this.samples()].join('\n');
  }
}

/** A value that only goes up (requests, tokens). */
export class Counter extends Metric {
  private readonly values = new Map<string, number>();
  constructor(name: string, help: string) {
    super(name, help, 'counter');
  }
  inc(labels?: Labels, amount = 1): void {
    if (amount < 0) throw new Error('A counter only goes up');
    const key = labelText(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + amount);
  }
  get(labels?: Labels): number {
    return this.values.get(labelText(labels)) ?? 0;
  }
  protected samples(): string[] {
    return [...this.values].map(([labels, value]) => `${this.name}${labels} ${formatNumber(value)}`);
  }
}

/** A value that goes up and down (streams open now). */
export class Gauge extends Metric {
  private readonly values = new Map<string, number>();
  constructor(name: string, help: string) {
    super(name, help, 'gauge');
  }
  set(value: number, labels?: Labels): void {
    this.values.set(labelText(labels), value);
  }
  inc(labels?: Labels, amount = 1): void {
    const key = labelText(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + amount);
  }
  dec(labels?: Labels, amount = 1): void {
    this.inc(labels, -amount);
  }
  get(labels?: Labels): number {
    return this.values.get(labelText(labels)) ?? 0;
  }
  protected samples(): string[] {
    // An unlabelled gauge is always shown, so a dashboard sees 0 rather than nothing.
    const entries = this.values.size === 0 ? [['', 0] as const] : [...this.values];
    return entries.map(([labels, value]) => `${this.name}${labels} ${formatNumber(value)}`);
  }
}

interface HistogramSeries {
  labels: Labels | undefined;
  counts: number[];
  sum: number;
  count: number;
}

/** Observations counted into cumulative buckets (latencies), with their sum and count. */
export class Histogram extends Metric {
  private readonly series = new Map<string, HistogramSeries>();
  readonly buckets: readonly number[];
  constructor(name: string, help: string, buckets: readonly number[]) {
    super(name, help, 'histogram');
    this.buckets = [...buckets].sort((a, b) => a - b);
  }
  observe(value: number, labels?: Labels): void {
    const key = labelText(labels);
    let series = this.series.get(key);
    if (series === undefined) {
      series = { labels, counts: new Array<number>(this.buckets.length).fill(0), sum: 0, count: 0 };
      this.series.set(key, series);
    }
    // Stored per bucket, summed cumulatively when rendered: one increment per observation.
    const index = this.buckets.findIndex((bound) => value <= bound);
    if (index !== -1) series.counts[index]!++;
    series.sum += value;
    series.count++;
  }
  count(labels?: Labels): number {
    return this.series.get(labelText(labels))?.count ?? 0;
  }
  protected samples(): string[] {
    const lines: string[] = [];
    for (const [key, series] of this.series) {
      let cumulative = 0;
      this.buckets.forEach((bound, index) => {
        cumulative += series.counts[index]!;
        lines.push(`${this.name}_bucket${labelText(series.labels, `le="${formatNumber(bound)}"`)} ${cumulative}`);
      });
      lines.push(`${this.name}_bucket${labelText(series.labels, 'le="+Inf"')} ${series.count}`);
      lines.push(`${this.name}_sum${key} ${formatNumber(series.sum)}`);
      lines.push(`${this.name}_count${key} ${series.count}`);
    }
    return lines;
  }
}

/**
 * Holds metrics and renders them all.
 * @example
 * const registry = new MetricsRegistry();
 * const requests = registry.counter('app_requests_total', 'Requests.');
 * requests.inc({ route: '/api/chat', status: '200' });
 * registry.render(); // '# HELP app_requests_total Requests.\n# TYPE app_requests_total counter\napp_requests_total{route="/api/chat",status="200"} 1\n'
 */
export class MetricsRegistry {
  private readonly metrics = new Map<string, Metric>();

  counter(name: string, help: string): Counter {
    return this.add(new Counter(name, help));
  }
  gauge(name: string, help: string): Gauge {
    return this.add(new Gauge(name, help));
  }
  histogram(name: string, help: string, buckets: readonly number[]): Histogram {
    return this.add(new Histogram(name, help, buckets));
  }
  render(): string {
    return [...this.metrics.values()].map((metric) => `${metric.render()}\n`).join('');
  }
  private add<T extends Metric>(metric: T): T {
    if (this.metrics.has(metric.name)) throw new Error(`Metric already registered: ${metric.name}`);
    this.metrics.set(metric.name, metric);
    return metric;
  }
}
