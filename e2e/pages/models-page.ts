import { expect, type Locator, type Page } from '@playwright/test';

export class ModelsPage {
  readonly rows: Locator;
  readonly gaps: Locator;

  constructor(readonly page: Page) {
    this.rows = page.getByTestId('model-row');
    this.gaps = page.getByTestId('model-gaps');
  }

  async open(appUrl: string): Promise<void> {
    await this.page.goto(`${appUrl}#/models`);
    await expect(this.page.getByRole('heading', { name: 'Models', exact: true })).toBeVisible();
  }

  row(name: string): Locator {
    return this.rows.filter({ hasText: name });
  }
}
