import { z } from 'zod';
import { procedure } from '../define';

export interface AppInfo {
  name: string;
  version: string;
  /** Which host runs the core. */
  mode: 'desktop' | 'browser' | 'cli';
  home: string;
  node: string;
  electron?: string;
  platform: string;
  startedAt: number;
  /** Whether other users of this machine can reach the app's data folder (absent where modes do not apply). */
  homeAccess?: HomeAccess;
}

export interface HomeAccess {
  path: string;
  /** Permission bits in octal, e.g. "0700". */
  mode: string;
  /** True when only its owner can enter the folder. */
  private: boolean;
  /** Files in the folder that others could read were the folder open, e.g. "stack.env (0644)". */
  openFiles: string[];
  /** The command that makes the folder private, when it is not. */
  fix?: string;
}

export const systemContract = {
  'system:info': procedure(z.object({}).strict()).returns<AppInfo>(),
};
