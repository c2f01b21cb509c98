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
}

export const systemContract = {
  'system:info': procedure(z.object({}).strict()).returns<AppInfo>(),
};
