/** The desktop app's own command-line options (Chromium's switches pass through untouched). */
export interface DesktopArgs {
  /** Start in the tray without a window. */
  hidden: boolean;
  /** Another compose project name (as `sutazai serve --project`). */
  project?: string;
  /** Another folder of compose templates (as `sutazai serve --templates`). */
  templates?: string;
}

export function parseDesktopArgs(argv: string[]): DesktopArgs {
  const out: DesktopArgs = { hidden: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--hidden') out.hidden = true;
    for (const name of ['project', 'templates'] as const) {
      if (arg === `--${name}` && i + 1 < argv.length) out[name] = argv[++i];
      else if (arg.startsWith(`--${name}=`)) out[name] = arg.slice(name.length + 3);
    }
  }
  return out;
}
