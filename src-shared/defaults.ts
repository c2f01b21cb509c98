/** The app's name: window titles, the app-data folder, the version banner. */
export const APP_NAME = 'SutazAI Control Center';

/** The compose project of the stack when none is named (`--project`). */
export const DEFAULT_PROJECT = 'sutazai';

/** Where `sutazai serve` listens when not told otherwise. */
export const DEFAULT_SERVE_HOST = '127.0.0.1';
export const DEFAULT_SERVE_PORT = 7820;

/** The SQLite file in the app home. */
export const DATABASE_FILE = 'sutazai.db';

/** The bundled compose templates, a folder of the install. */
export const TEMPLATES_FOLDER = 'compose-templates';
