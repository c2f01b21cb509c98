export { createCore, type Core, type CoreOptions } from './create-core';
export { appVersion, projectRoot } from './version';
