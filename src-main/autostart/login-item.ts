/** Starting the app when the user logs in: how each host and platform does it. */
export interface LoginItemState {
  enabled: boolean;
  /** Started in the tray, without a window (desktop app). */
  hidden: boolean;
}

export interface LoginItem {
  readonly supported: boolean;
  /** Where it is done ("~/.config/autostart/sutazai-control-center.desktop"), or why it cannot be. */
  readonly note: string;
  get(): LoginItemState;
  set(state: LoginItemState): void;
}

/** For hosts where nothing can be done (the browser mode on macOS and Windows). */
export function unsupportedLoginItem(note: string): LoginItem {
  return {
    supported: false,
    note,
    get: () => ({ enabled: false, hidden: false }),
    set: () => {
      throw new Error(note);
    },
  };
}
