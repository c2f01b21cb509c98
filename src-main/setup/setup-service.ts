import type { SetupPlan, SetupSecrets, SetupState } from '../../src-shared/api';
import type { HardwareService } from '../hardware';
import type { StackService } from '../stack';
import type { SettingsRepository } from '../store';
import { chooseStarterModel } from './model-choice';
import { chooseProfile } from './profile-choice';

const KEY = 'setup.state';

/** The first run: whether it was done, what it recommends for this machine, the stack's secrets. */
export class SetupService {
  constructor(
    private readonly settings: SettingsRepository,
    private readonly hardware: HardwareService,
    private readonly stack: StackService,
  ) {}

  state(): SetupState {
    return this.settings.get<SetupState>(KEY) ?? { done: false, skipped: false };
  }

  finish(skipped: boolean): SetupState {
    const state: SetupState = { done: true, skipped, at: Date.now() };
    this.settings.set(KEY, state);
    return state;
  }

  reset(): SetupState {
    this.settings.delete(KEY);
    return this.state();
  }

  async plan(): Promise<SetupPlan> {
    const rec = await this.hardware.recommendations();
    const profile = chooseProfile(rec.profileFits);
    let ollamaLimitBytes: number | undefined;
    if (profile) {
      try {
        ollamaLimitBytes = this.stack.load(profile.name).services.ollama?.limits.memoryBytes;
      } catch {
        // templates without Ollama: the model then fits against RAM
      }
    }
    const model = chooseStarterModel({
      memTotalBytes: rec.profile.memTotalBytes,
      gpus: rec.profile.gpus,
      ...(ollamaLimitBytes ? { ollamaLimitBytes } : {}),
    });
    return { profile, model };
  }

  /** Generates every secret the templates need (if not yet) and names them; values stay in the file. */
  secrets(): SetupSecrets {
    this.stack.load();
    return { names: Object.keys(this.stack.secrets.read()).sort(), file: this.stack.secrets.file };
  }

  revealSecrets(): Record<string, string> {
    this.stack.load();
    return this.stack.secrets.read();
  }
}
