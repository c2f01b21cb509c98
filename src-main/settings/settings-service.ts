import type { AppSettings, SettingsPatch, SettingsView, Theme } from '../../src-shared/api';
import { ApiError } from '../../src-shared/api';
import type { LoginItem } from '../autostart';
import type { EngineClient, EngineEndpoint, EngineMonitor } from '../engine';
import type { MemoryGuard } from '../guard';
import { OLLAMA_URL_SETTING, type ModelService } from '../models';
import type { SettingsRepository } from '../store';
import { formatMemory } from '../../src-shared/format';
import { MIN_BUDGET_BYTES } from '../../src-shared/api/features/guard';
import { parseBytes } from '../stack';
import { SETTING_KEYS } from './settings-keys';
import { Emitter, type IDisposable } from '../base';

export interface SettingsServiceOptions {
  settings: SettingsRepository;
  engine: EngineClient;
  engineMonitor: EngineMonitor;
  guard: MemoryGuard;
  models: ModelService;
  loginItem: LoginItem;
  mode: SettingsView['mode'];
  /** The budget given on the command line (`--memory-budget`), which wins over the saved one. */
  memoryBudgetFlag?: number;
}

type Listener = (view: SettingsView) => void;

/**
 * The user's settings in one place: read from the settings table, validated (the contract's
 * schema first, then ranges here), stored, and applied at once to the part they govern: the
 * engine client, the memory guard, the Ollama endpoint, the login item. Hosts listen for
 * changes (the tray, close-to-tray, the theme of every open window).
 */
export class SettingsService {
  private readonly changed = new Emitter<SettingsView>();
  private readonly discovered: EngineEndpoint;

  constructor(private readonly o: SettingsServiceOptions) {
    this.discovered = o.engine.endpoint;
    const saved = o.settings.get<string>(SETTING_KEYS.engineEndpoint);
    if (saved) o.engine.useEndpoint(savedEndpoint(saved));
  }

  values(): AppSettings {
    const s = this.o.settings;
    const login = this.o.loginItem.get();
    return {
      engineEndpoint: s.get<string>(SETTING_KEYS.engineEndpoint) ?? '',
      ollamaUrl: s.get<string>(OLLAMA_URL_SETTING) ?? '',
      memoryBudgetBytes: s.get<number | null>(SETTING_KEYS.memoryBudgetBytes) ?? null,
      guardDryRun: s.get<boolean>(SETTING_KEYS.guardDryRun) ?? false,
      notifications: s.get<boolean>(SETTING_KEYS.notifications) ?? true,
      startOnLogin: login.enabled,
      startHidden: s.get<boolean>(SETTING_KEYS.startHidden) ?? false,
      closeToTray: s.get<boolean>(SETTING_KEYS.closeToTray) ?? false,
      stopStackOnQuit: s.get<boolean>(SETTING_KEYS.stopStackOnQuit) ?? false,
      theme: s.get<Theme>(SETTING_KEYS.theme) ?? 'system',
      mcpAllowChanges: s.get<boolean>(SETTING_KEYS.mcpAllowChanges) ?? false,
    };
  }

  async view(): Promise<SettingsView> {
    const values = this.values();
    const ollama = await this.o.models.endpoint().catch(() => ({ url: '', source: 'unknown' }));
    return {
      values,
      effective: {
        engineEndpoint: this.o.engine.endpoint.url,
        engineSource: this.o.engine.endpoint.source,
        ollamaUrl: ollama.url,
        ollamaSource: String(ollama.source),
        memoryBudgetBytes: this.o.memoryBudgetFlag ?? values.memoryBudgetBytes,
      },
      loginItem: { supported: this.o.loginItem.supported, note: this.o.loginItem.note },
      mode: this.o.mode,
    };
  }

  /** Applies and stores each field of the patch; the first invalid field stops the rest with an error naming it. */
  async set(patch: SettingsPatch): Promise<SettingsView> {
    const s = this.o.settings;
    const budget = patch.memoryBudget === undefined ? undefined : parseBudget(patch.memoryBudget);
    if (patch.ollamaUrl !== undefined)
      await this.o.models.setUrl(patch.ollamaUrl.trim() === '' ? null : patch.ollamaUrl.trim());
    if (patch.engineEndpoint !== undefined) {
      const url = patch.engineEndpoint.trim();
      if (url === '') s.delete(SETTING_KEYS.engineEndpoint);
      else s.set(SETTING_KEYS.engineEndpoint, url);
      this.o.engine.useEndpoint(url === '' ? this.discovered : savedEndpoint(url));
      void this.o.engineMonitor.check();
    }
    if (budget !== undefined) {
      s.set(SETTING_KEYS.memoryBudgetBytes, budget);
      if (this.o.memoryBudgetFlag === undefined) this.o.guard.configure({ budgetBytes: budget });
    }
    if (patch.guardDryRun !== undefined) {
      s.set(SETTING_KEYS.guardDryRun, patch.guardDryRun);
      this.o.guard.configure({ dryRun: patch.guardDryRun });
    }
    for (const key of ['notifications', 'closeToTray', 'stopStackOnQuit', 'theme', 'mcpAllowChanges'] as const) {
      if (patch[key] !== undefined) s.set(SETTING_KEYS[key], patch[key]);
    }
    if (patch.startHidden !== undefined) s.set(SETTING_KEYS.startHidden, patch.startHidden);
    if (patch.startOnLogin !== undefined || (patch.startHidden !== undefined && this.o.loginItem.get().enabled)) {
      if (!this.o.loginItem.supported) {
        throw new ApiError(
          'CONFLICT',
          `startOnLogin: ${this.o.loginItem.note}`,
          'Install the desktop app to start SutazAI Control Center on login',
        );
      }
      try {
        this.o.loginItem.set({
          enabled: patch.startOnLogin ?? this.o.loginItem.get().enabled,
          hidden: patch.startHidden ?? this.values().startHidden,
        });
      } catch (err) {
        throw new ApiError('CONFLICT', `startOnLogin: ${(err as Error).message}`);
      }
    }
    const view = await this.view();
    this.changed.fire(view);
    return view;
  }

  /** Each view of the settings after a change. */
  subscribe(listener: Listener): IDisposable {
    return this.changed.event(listener);
  }
}

function parseBudget(text: string): number | null {
  if (text.trim() === '') return null;
  const bytes = parseBytes(text);
  if (bytes === undefined)
    throw new ApiError('INVALID_INPUT', `memoryBudget: "${text}" is not a size: write e.g. 12G, 12 GiB or 512M`);
  if (bytes < MIN_BUDGET_BYTES) {
    throw new ApiError(
      'INVALID_INPUT',
      `memoryBudget: ${formatMemory(bytes)} is below the smallest budget the guard accepts (${formatMemory(MIN_BUDGET_BYTES)})`,
    );
  }
  return bytes;
}

function savedEndpoint(url: string): EngineEndpoint {
  return { url, source: 'settings', tried: [`${url} (Settings)`] };
}
