import { expect, type Locator, type Page } from '@playwright/test';

export class FirstRunPage {
  readonly step: Locator;

  constructor(readonly page: Page) {
    this.step = page.locator('section.step');
  }

  async expectStep(n: number, title: string): Promise<void> {
    await expect(this.step.getByRole('heading', { level: 2 })).toHaveText(`Step ${n} of 6: ${title}`);
  }

  async next(): Promise<void> {
    await this.page.getByRole('button', { name: 'Next' }).click();
  }

  async finish(): Promise<void> {
    await this.page.getByRole('button', { name: 'Finish' }).click();
  }

  async skip(): Promise<void> {
    await this.page.getByRole('button', { name: 'Skip setup' }).click();
  }
}
