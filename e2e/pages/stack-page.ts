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

  /** The review of settings that give containers part of the host, shown before a start. */
  riskReview(): Locator {
    return this.page.getByRole('dialog', { name: 'Confirm host access' });
  }

  risk(service: string): Locator {
    return this.riskReview().getByTestId(`risk-${service}`);
  }

  async confirmHostAccess(): Promise<void> {
    await this.riskReview().getByRole('button', { name: 'Start with these settings' }).click();
  }

  async cancelHostAccess(): Promise<void> {
    await this.riskReview().getByRole('button', { name: 'Cancel' }).click();
  }

  /** Ticks profiles in the "start several" box and starts them together. */
  async startTogether(names: string[]): Promise<void> {
    const box = this.page.getByRole('group', { name: 'Start several profiles' });
    for (const n of names) await box.getByRole('checkbox', { name: n }).check();
    await box.getByRole('button', { name: /^Start selected/ }).click();
  }
}
