// electron-builder afterPack hook: flips the Electron fuses (fuses.cjs) in the packed app's
// binary, before electron-builder signs it.
const { join } = require('node:path');
const { flipFuses } = require('@electron/fuses');
const { fuseConfig } = require('./fuses.cjs');

/** Where the Electron binary of a packed app is, per platform. */
function electronBinary(context) {
  const name = context.packager.appInfo.productFilename;
  switch (context.electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(context.appOutDir, `${name}.app`, 'Contents', 'MacOS', name);
    case 'win32':
      return join(context.appOutDir, `${name}.exe`);
    default:
      return join(context.appOutDir, context.packager.executableName);
  }
}

async function afterPack(context) {
  // Arch.arm64 is 3 in electron-builder's enum.
  const resetAdHocDarwinSignature = context.electronPlatformName === 'darwin' && context.arch === 3;
  await flipFuses(electronBinary(context), fuseConfig({ resetAdHocDarwinSignature }));
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.electronBinary = electronBinary;
