import { expect, type Locator, type Page } from '@playwright/test';

export class McpPage {
  readonly addForm: Locator;

  constructor(readonly page: Page) {
    this.addForm = page.getByRole('region', { name: 'Add a server' });
  }

  async open(appUrl: string): Promise<void> {
    await this.page.goto(`${appUrl}#/mcp`);
    await expect(this.page.getByRole('heading', { name: 'MCP servers' })).toBeVisible();
  }

  /** Adds a catalogue entry, with folders for the servers that take them. */
  async addFromCatalog(title: string, folders: string[] = []): Promise<void> {
    await this.addForm.getByRole('button', { name: 'From the catalogue' }).click();
    const select = this.addForm.getByRole('combobox', { name: 'Catalogue entry' });
    const option = select.locator('option', { hasText: title });
    await select.selectOption((await option.getAttribute('value'))!);
    if (folders.length) await this.addForm.getByRole('textbox', { name: 'Folders' }).fill(folders.join('\n'));
    await this.addForm.getByRole('button', { name: 'Add' }).click();
  }

  server(name: string): Locator {
    return this.page.getByRole('region', { name, exact: true });
  }

  state(name: string): Locator {
    return this.server(name).getByTestId('mcp-state');
  }
}
