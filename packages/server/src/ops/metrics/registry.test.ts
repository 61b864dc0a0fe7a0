import { describe, expect, it } from 'vitest';
import { EXPOSITION_CONTENT_TYPE, MetricsRegistry } from './registry.js';

describe('MetricsRegistry', () => {
  it('renders counters, gauges and histograms in the Prometheus text format', () => {
    const registry = new MetricsRegistry();
    const requests = registry.counter('app_requests_total', 'Requests by route.');
    const open = registry.gauge('app_open', 'Open streams.');
    const latency = registry.histogram('app_latency_seconds', 'Latency.', [0.1, 0.5, 1]);
    requests.inc({ route: '/api/chat', status: '200' });
    requests.inc({ route: '/api/chat', status: '200' }, 2);
    requests.inc({ route: '/x', status: '404' });
    open.inc();
    open.inc();
    open.dec();
    latency.observe(0.05);
    latency.observe(0.7);
    latency.observe(3);

    expect(registry.render()).toBe(
      [
        '# HELP app_requests_total Requests by route.',
        '# TYPE app_requests_total counter',
        'app_requests_total{route="/api/chat",status="200"} 3',
        'app_requests_total{route="/x",status="404"} 1',
        '# HELP app_open Open streams.',
        '# TYPE app_open gauge',
        'app_open 1',
        '# HELP app_latency_seconds Latency.',
        '# TYPE app_latency_seconds histogram',
        'app_latency_seconds_bucket{le="0.1"} 1',
        'app_latency_seconds_bucket{le="0.5"} 1',
        'app_latency_seconds_bucket{le="1"} 2',
        'app_latency_seconds_bucket{le="+Inf"} 3',
        'app_latency_seconds_sum 3.75',
        'app_latency_seconds_count 3',
        '',
      ].join('\n'),
    );
    expect(EXPOSITION_CONTENT_TYPE).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('escapes label values and help text, and refuses bad names and duplicates', () => {
    const registry = new MetricsRegistry();
    const counter = registry.counter('odd_total', 'Line one\nline two \\ done');
    counter.inc({ path: 'a"b\\c\nd' });
    expect(registry.render()).toContain('# HELP odd_total Line one\\nline two \\\\ done');
    expect(registry.render()).toContain('odd_total{path="a\\"b\\\\c\\nd"} 1');
    expect(() => registry.counter('odd_total', 'again')).toThrow(/already registered/);
    expect(() => registry.counter('bad-name', 'x')).toThrow(/Invalid metric name/);
    expect(() => counter.inc({ 'bad-label': 'x' })).toThrow(/Invalid label name/);
    expect(() => counter.inc(undefined, -1)).toThrow(/only goes up/);
  });

  it('shows an untouched gauge as 0', () => {
    const registry = new MetricsRegistry();
    registry.gauge('idle', 'Nothing yet.');
    expect(registry.render()).toContain('\nidle 0\n');
  });
});
