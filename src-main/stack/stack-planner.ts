import { ComposeError } from './compose-error';
import type { ServiceSpec, SourcePos } from './compose-model';

/**
 * Orders services into start waves: each wave depends only on earlier ones. A cycle is an error
 * that names it ("postgres -> app -> postgres").
 */
export function planWaves(
  services: Record<string, ServiceSpec>,
  depPos?: (service: string, dependency: string) => SourcePos,
): string[][] {
  const names = Object.keys(services).sort();
  const deps = (n: string) => Object.keys(services[n]!.dependsOn).filter((d) => d in services);
  const cycle = findCycle(names, deps);
  if (cycle) {
    const [from, to] = [cycle[0]!, cycle[1]!];
    throw new ComposeError(
      depPos?.(from, to) ?? services[from]!.source,
      `services.${from}.depends_on.${to}`,
      `dependency cycle: ${cycle.join(' -> ')}`,
    );
  }
  const level = new Map<string, number>();
  const depth = (n: string): number => {
    const known = level.get(n);
    if (known !== undefined) return known;
    const d = Math.max(-1, ...deps(n).map(depth)) + 1;
    level.set(n, d);
    return d;
  };
  const waves: string[][] = [];
  for (const n of names) (waves[depth(n)] ??= []).push(n);
  return waves;
}

function findCycle(names: string[], deps: (n: string) => string[]): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | undefined => {
    if (state.get(n) === 'done') return undefined;
    if (state.get(n) === 'visiting') return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, 'visiting');
    stack.push(n);
    for (const d of deps(n)) {
      const c = visit(d);
      if (c) return c;
    }
    stack.pop();
    state.set(n, 'done');
    return undefined;
  };
  for (const n of names) {
    const c = visit(n);
    if (c) return c;
  }
  return undefined;
}

/** The services to stop first when taking a stack down: dependents before what they depend on. */
export function stopOrder(dependsOn: Record<string, string[]>): string[] {
  const names = Object.keys(dependsOn).sort();
  const dependents = new Map<string, string[]>(names.map((n) => [n, []]));
  for (const n of names) for (const d of dependsOn[n]!) dependents.get(d)?.push(n);
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (n: string): void => {
    if (seen.has(n)) return;
    seen.add(n);
    for (const d of dependents.get(n) ?? []) visit(d);
    order.push(n);
  };
  for (const n of names) visit(n);
  return order;
}
