export { SettingsService, type SettingsServiceOptions } from './settings-service';
export { BrowserTokenStore } from './browser-token';
export { createSettingsHandlers } from './settings-handlers';
export { measureDataFolder } from './data-folder';
export { defaultLoginItem } from './default-login-item';
export { SETTING_KEYS } from './settings-keys';
