import { expect, type Locator, type Page } from '@playwright/test';

export class HardwarePage {
  readonly physicalCores: Locator;
  readonly logicalCores: Locator;
  readonly ram: Locator;
  readonly gpus: Locator;
  readonly recommendations: Locator;
  readonly disk: Locator;

  constructor(readonly page: Page) {
    this.physicalCores = page.getByTestId('hw-physical-cores');
    this.logicalCores = page.getByTestId('hw-logical-cores');
    this.ram = page.getByTestId('hw-ram');
    this.gpus = page.getByTestId('hw-gpus');
    this.recommendations = page.getByTestId('recommendation');
    this.disk = page.getByRole('region', { name: 'Engine disk' });
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.getByRole('link', { name: 'Hardware' }).click();
    await expect(this.page.getByRole('heading', { name: 'Hardware', exact: true })).toBeVisible();
  }

  recommendation(idPrefix: string): Locator {
    return this.page.locator(`[data-testid="recommendation"][data-id^="${idPrefix}"]`);
  }
}
