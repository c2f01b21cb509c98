import { describe, expect, it } from 'vitest';
import type { AppEvent, EventKind } from './api/features/events';
import { AlertGate } from './alerts';

let id = 0;
const event = (kind: EventKind, service: string, time: number): AppEvent => ({
  id: ++id,
  time,
  kind,
  project: 'p',
  service,
  severity: 'critical',
  message: `${kind} ${service}`,
});

describe('AlertGate', () => {
  it('lets through alert kinds only', () => {
    const gate = new AlertGate();
    expect(gate.admit(event('restarted', 'db', 1_700_000_000_000))).toBe(false);
    expect(gate.admit(event('guard-dry-run', 'db', 1_700_000_001_000))).toBe(false);
    expect(gate.admit(event('oom-kill', 'db', 1_700_000_002_000))).toBe(true);
  });

  it('admits one alert per service per minute, and stack-wide ones per kind', () => {
    const gate = new AlertGate();
    expect(gate.admit(event('crash-loop', 'db', 100_000))).toBe(true);
    expect(gate.admit(event('oom-kill', 'db', 159_999))).toBe(false);
    expect(gate.admit(event('oom-kill', 'web', 120_000))).toBe(true);
    expect(gate.admit(event('oom-kill', 'db', 160_000))).toBe(true);
    expect(gate.admit(event('engine-lost', '', 100_000))).toBe(true);
    expect(gate.admit(event('guard-warn', '', 100_500))).toBe(true);
    expect(gate.admit(event('engine-lost', '', 130_000))).toBe(false);
  });

  it("counts a service of one managed project apart from another project's service of the same name", () => {
    const gate = new AlertGate();
    expect(gate.admit(event('crash-loop', 'api', 100_000))).toBe(true);
    expect(gate.admit({ ...event('crash-loop', 'api', 100_100), project: 'dify' })).toBe(true);
    expect(gate.admit({ ...event('oom-kill', 'api', 100_200), project: 'dify' })).toBe(false);
    // Every project's supervisor reports losing the one engine: said once.
    expect(gate.admit({ ...event('engine-lost', '', 100_000), project: 'dify' })).toBe(true);
    expect(gate.admit(event('engine-lost', '', 100_050))).toBe(false);
  });
});
