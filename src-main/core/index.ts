export { createCore, type CoreOptions } from './create-core';
export type { Core } from './core';
export { appVersion, projectRoot } from './version';
export { installLastResort, type LastResortOptions } from './last-resort';
