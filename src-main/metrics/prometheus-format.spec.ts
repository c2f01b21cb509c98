import { describe, expect, it } from 'vitest';
import type { MetricsSnapshot } from '../../src-shared/api/features/metrics';
import { parsePrometheusText } from '../../test-support/prometheus-text';
import { toPrometheusText } from './prometheus-format';

const snapshot: MetricsSnapshot = {
  time: 1_767_225_600_000,
  intervalMs: 1000,
  source: 'cgroup',
  project: 'sutazai',
  host: {
    cpuPercent: 12.5,
    memTotalBytes: 8e9,
    memUsedBytes: 3e9,
    memAvailableBytes: 5e9,
    swapTotalBytes: 0,
    swapUsedBytes: 0,
    netRxBytesPerSec: 1200,
    netTxBytesPerSec: 300,
    diskEngine: { path: '/var/lib/docker', freeBytes: 5e10, totalBytes: 1e11 },
    diskHome: { path: '/home/a "quoted"\\dir', freeBytes: 5e10, totalBytes: 1e11 },
  },
  app: { cpuPercent: 0.4, rssBytes: 9e7 },
  containers: [
    {
      id: 'abc',
      name: 'sutazai-ollama-1',
      project: 'sutazai',
      service: 'ollama',
      cpuPercent: 150.25,
      memBytes: 2e9,
      memLimitBytes: 4e9,
      netRxBytesPerSec: 0,
      netTxBytesPerSec: 0,
      blockReadBytesPerSec: 0,
      blockWriteBytesPerSec: 0,
      netRxBytes: 486,
      netTxBytes: 0,
      blockReadBytes: 4096,
      blockWriteBytes: 0,
      cpuSecondsTotal: 12.5,
    },
  ],
  gpus: [{ index: 0, name: 'NVIDIA GeForce RTX 3090', utilPercent: 37, memUsedBytes: 2e9, memTotalBytes: 2.4e10 }],
};

describe('GET /metrics text', () => {
  it('parses as Prometheus text with HELP and TYPE for every family and labels per container', () => {
    const families = parsePrometheusText(toPrometheusText(snapshot));
    expect(families.get('sutazai_host_cpu_percent')).toMatchObject({
      type: 'gauge',
      samples: [{ labels: {}, value: 12.5 }],
    });
    expect(families.get('sutazai_container_cpu_seconds_total')).toMatchObject({
      type: 'counter',
      samples: [{ labels: { name: 'sutazai-ollama-1', project: 'sutazai', service: 'ollama' }, value: 12.5 }],
    });
    expect(families.get('sutazai_container_memory_working_set_bytes')!.samples[0]!.value).toBe(2e9);
    expect(families.get('sutazai_host_disk_free_bytes')!.samples.map((s) => s.labels)).toEqual([
      { role: 'engine', path: '/var/lib/docker' },
      { role: 'app', path: '/home/a "quoted"\\dir' },
    ]);
    expect(families.get('sutazai_gpu_memory_total_bytes')!.samples[0]).toEqual({
      labels: { gpu: '0', name: 'NVIDIA GeForce RTX 3090' },
      value: 2.4e10,
    });
    for (const [name, f] of families) {
      expect(f.help.length, name).toBeGreaterThan(5);
      if (f.type === 'counter') expect(name).toMatch(/_total$/);
    }
  });

  it('leaves out families with no samples (no containers, no GPU)', () => {
    const families = parsePrometheusText(toPrometheusText({ ...snapshot, containers: [], gpus: [] }));
    expect(families.has('sutazai_container_cpu_percent')).toBe(false);
    expect(families.has('sutazai_gpu_utilization_percent')).toBe(false);
    expect(families.has('sutazai_app_resident_memory_bytes')).toBe(true);
  });

  it('is refused by the reader when malformed', () => {
    expect(() => parsePrometheusText('sutazai_x 1\n')).toThrow(/before its HELP/);
    expect(() => parsePrometheusText('# HELP a b\n# TYPE a gauge\na{x="1} 2\n')).toThrow(/line 3/);
  });
});
