import { z } from 'zod';
import { procedure, stream } from '../define';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** What the user chose on the Settings page (and in the first run), as stored in the database. */
export interface AppSettings {
  /** `unix:///path`, `tcp://host:port`, `npipe:////./pipe/name` or `ssh://user@host`; '' finds the engine by itself. */
  engineEndpoint: string;
  /** '' lets the app find Ollama (OLLAMA_HOST, the stack's port, the default). */
  ollamaUrl: string;
  /** The memory guard's budget; null means the host's memory. */
  memoryBudgetBytes: number | null;
  guardDryRun: boolean;
  notifications: boolean;
  startOnLogin: boolean;
  startHidden: boolean;
  closeToTray: boolean;
  stopStackOnQuit: boolean;
  theme: Theme;
  /** MCP clients (`sutazai mcp`, `/mcp`) may start and stop profiles; off: they may only read. */
  mcpAllowChanges: boolean;
}

export interface SettingsView {
  values: AppSettings;
  /** What is in force now and where it came from (a saved value, the environment, discovery). */
  effective: {
    engineEndpoint: string;
    engineSource: string;
    ollamaUrl: string;
    ollamaSource: string;
    memoryBudgetBytes: number | null;
  };
  /** Whether this host can start the app on login, and how it does it (or why it cannot). */
  loginItem: { supported: boolean; note: string };
  mode: 'desktop' | 'browser' | 'cli';
}

export interface DataFolder {
  path: string;
  bytes: number;
  files: number;
}

export interface BrowserToken {
  token: string;
  /** 'environment' when SUTAZAI_TOKEN is set (it cannot be regenerated here then). */
  source: 'environment' | 'stored';
}

const ENDPOINT = /^(unix:\/\/\/\S+|npipe:\/\/\/\/\S+|tcp:\/\/[^\s/]+:\d{1,5}\/?|ssh:\/\/[^\s/]+)$/;
const SIZE = /^\s*\d+(\.\d+)?\s*([KMGT]i?B?)?\s*$/i;

const httpUrl = (value: string): boolean => {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
};

/** Every field optional: the page saves one or a few at a time. Messages say what is accepted. */
export const settingsPatch = z
  .object({
    engineEndpoint: z
      .string()
      .trim()
      .max(500)
      .refine(
        (v) => v === '' || ENDPOINT.test(v),
        'use unix:///path/to/docker.sock, tcp://host:2375, npipe:////./pipe/docker_engine or ssh://user@host, or leave it empty to find the engine automatically',
      )
      .optional(),
    ollamaUrl: z
      .string()
      .trim()
      .max(500)
      .refine(
        (v) => v === '' || httpUrl(v),
        'use an http:// or https:// address such as http://127.0.0.1:11434, or leave it empty to find Ollama automatically',
      )
      .optional(),
    memoryBudget: z
      .string()
      .trim()
      .max(40)
      .refine(
        (v) => v === '' || SIZE.test(v),
        "write a size such as 12G, 12 GiB or 512M, or leave it empty to use the host's memory",
      )
      .optional(),
    guardDryRun: z.boolean().optional(),
    notifications: z.boolean().optional(),
    startOnLogin: z.boolean().optional(),
    startHidden: z.boolean().optional(),
    closeToTray: z.boolean().optional(),
    stopStackOnQuit: z.boolean().optional(),
    theme: z.enum(THEMES).optional(),
    mcpAllowChanges: z.boolean().optional(),
  })
  .strict();

export type SettingsPatch = z.input<typeof settingsPatch>;

const empty = z.object({}).strict();

export const settingsContract = {
  'settings:get': procedure(empty).returns<SettingsView>(),
  'settings:set': procedure(settingsPatch).returns<SettingsView>(),
  'settings:watch': stream(empty).emits<SettingsView>(),
  'settings:dataFolder': procedure(empty).returns<DataFolder>(),
  'settings:browserToken': procedure(empty).returns<BrowserToken>(),
  'settings:regenerateToken': procedure(z.object({ confirm: z.literal(true) }).strict()).returns<BrowserToken>(),
};
