import { XdgAutostart, unsupportedLoginItem, type LoginItem } from '../autostart';

/**
 * Start on login for hosts that bring none of their own (the browser mode): on Linux an XDG
 * autostart entry that runs the same command line as this process (`sutazai serve ...`);
 * elsewhere only the desktop app can do it.
 */
export function defaultLoginItem(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv): LoginItem {
  if (process.platform !== 'linux')
    return unsupportedLoginItem('starting on login needs the desktop app on this system');
  const configHome = env.XDG_CONFIG_HOME?.startsWith('/') ? env.XDG_CONFIG_HOME : undefined;
  return new XdgAutostart({
    ...(configHome ? { configHome } : {}),
    command: [process.execPath, ...argv.slice(1)],
    canStartHidden: false,
    icon: 'sutazai-control-center',
  });
}
