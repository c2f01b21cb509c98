import { expect, type Locator, type Page } from '@playwright/test';

export class StackPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url.replace('/?', '/?') + '#/stack');
    await expect(this.page.getByRole('heading', { name: 'Stack' })).toBeVisible();
  }

  profile(name: string): Locator {
    return this.page.getByTestId(`profile-${name}`);
  }

  service(name: string): Locator {
    return this.page.getByTestId(`service-${name}`);
  }
}
