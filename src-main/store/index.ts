export { resolveAppHome, ensureAppHome } from './app-home';
export { openDatabase, migrate, schemaVersion, type Db } from './database';
export { migrations, type Migration } from './migrations';
export { SettingsRepository } from './settings-repository';
export { ensurePrivateDir, homeAccess, makePrivateFile, restrictToOwner } from './private-files';
export { SecretStore, type SecretCipher } from './secret-store';
