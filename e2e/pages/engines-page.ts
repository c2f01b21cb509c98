import { expect, type Locator, type Page } from '@playwright/test';

export class EnginesPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(`${url}#/engines`);
    await expect(this.page.getByRole('heading', { name: 'Engines', exact: true })).toBeVisible();
  }

  engine(name: string): Locator {
    return this.page.getByTestId(`engine-${name}`);
  }

  get addForm(): Locator {
    return this.page.getByRole('form', { name: 'Add an engine' });
  }
}
