import { expect, type Locator, type Page } from '@playwright/test';

export class SettingsPage {
  constructor(readonly page: Page) {}

  async open(origin: string): Promise<void> {
    await this.page.goto(`${origin}/#/settings`);
    await expect(this.page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  }

  section(name: string): Locator {
    return this.page.getByRole('region', { name });
  }

  /** Types into a text setting and saves it with its own button. */
  async save(label: string, value: string): Promise<Locator> {
    const form = this.page.locator('form.setting', { has: this.page.getByLabel(label, { exact: true }) });
    await form.getByLabel(label, { exact: true }).fill(value);
    await form.getByRole('button', { name: 'Save' }).click();
    return form;
  }

  toggle(label: string): Locator {
    return this.page.getByRole('checkbox', { name: label });
  }

  theme(name: 'System' | 'Light' | 'Dark'): Locator {
    return this.page.getByRole('group', { name: 'Theme' }).getByRole('button', { name });
  }

  async appliedTheme(): Promise<string | undefined> {
    return this.page.evaluate(() => document.documentElement.dataset.theme);
  }
}
