// Electron fuses for the packaged app (Electron's security checklist, item 19), as data for
// @electron/fuses. The afterPack hook flips them; scripts/packaging/fuses.spec.ts checks them.
const { FuseV1Options, FuseVersion } = require('@electron/fuses');

/** The fuse wire for a packed app; macOS arm64 binaries get their ad-hoc signature reset. */
function fuseConfig({ resetAdHocDarwinSignature = false } = {}) {
  return {
    version: FuseVersion.V1,
    // Every fuse @electron/fuses knows is set below (the spec checks it); a fuse a newer Electron
    // adds keeps Electron's default rather than failing the build.
    strictlyRequireAllFuses: false,
    resetAdHocDarwinSignature,
    // The app binary is never a plain Node.js (ELECTRON_RUN_AS_NODE).
    [FuseV1Options.RunAsNode]: false,
    // Cookies on disk encrypted with the OS key store.
    [FuseV1Options.EnableCookieEncryption]: true,
    // No NODE_OPTIONS / NODE_EXTRA_CA_CERTS injection, no --inspect.
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    // The app loads only from its asar archive, checked against the hash electron-builder embeds.
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
    // The renderer is served from app://, so file:// keeps no extra privileges.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}

module.exports = { fuseConfig };
