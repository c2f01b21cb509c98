export { createCore, type Core, type CoreOptions } from './create-core';
export { appVersion, projectRoot } from './version';
export { installLastResort, type LastResortOptions } from './last-resort';
