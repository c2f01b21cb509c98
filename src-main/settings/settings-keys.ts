/** Where each user setting is kept in the settings table (some keys are older than this page). */
export const SETTING_KEYS = {
  engineEndpoint: 'engine.endpoint',
  memoryBudgetBytes: 'guard.budgetBytes',
  guardDryRun: 'guard.dryRun',
  notifications: 'app.notifications',
  startHidden: 'app.startHidden',
  closeToTray: 'app.closeToTray',
  stopStackOnQuit: 'app.stopStackOnQuit',
  theme: 'ui.theme',
  /** Read by the stack's MCP server at each change tool call. */
  mcpAllowChanges: 'mcp.allowChanges',
} as const;
