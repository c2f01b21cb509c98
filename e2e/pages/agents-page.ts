import { expect, type Locator, type Page } from '@playwright/test';

export class AgentsPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(`${url}#/agents`);
    await expect(this.page.getByRole('heading', { level: 1, name: 'Agents' })).toBeVisible();
  }

  agent(service: string): Locator {
    return this.page.getByTestId(`agent-${service}`);
  }
}
