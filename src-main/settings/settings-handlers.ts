import type { FeatureHandlers } from '../rpc';
import type { BrowserTokenStore } from './browser-token';
import { measureDataFolder } from './data-folder';
import type { SettingsService } from './settings-service';

export function createSettingsHandlers(
  service: SettingsService,
  token: BrowserTokenStore,
  home: string,
): FeatureHandlers<'settings'> {
  return {
    'settings:get': () => service.view(),
    'settings:set': (patch) => service.set(patch),
    'settings:watch': (_input, emit) => service.subscribe(emit),
    'settings:dataFolder': () => measureDataFolder(home),
    'settings:browserToken': () => token.info(),
    'settings:regenerateToken': () => token.regenerate(),
  };
}
