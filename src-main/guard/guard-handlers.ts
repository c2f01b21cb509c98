import type { FeatureHandlers } from '../rpc';
import type { SettingsRepository } from '../store';
import type { Supervisor } from '../supervisor';
import type { MemoryGuard } from './memory-guard';

export function createGuardHandlers(
  guard: MemoryGuard,
  supervisor: Supervisor,
  settings: SettingsRepository,
): FeatureHandlers<'guard' | 'supervisor'> {
  return {
    'guard:status': () => guard.status() ?? null,
    'guard:watch': (_input, emit) => guard.subscribe(emit),
    'guard:configure': async ({ budgetBytes, dryRun }) => {
      guard.configure({
        ...(budgetBytes !== undefined ? { budgetBytes } : {}),
        ...(dryRun !== undefined ? { dryRun } : {}),
      });
      if (budgetBytes !== undefined) settings.set('guard.budgetBytes', budgetBytes);
      if (dryRun !== undefined) settings.set('guard.dryRun', dryRun);
      return guard.tick();
    },
    'guard:startAgain': ({ service }) => guard.startAgain(service),
    'supervisor:status': () => ({ engineConnected: supervisor.engineConnected, services: supervisor.status() }),
    'supervisor:retry': ({ service }) => supervisor.retry(service),
  };
}
