import { expect, type Locator, type Page } from '@playwright/test';

export class OverviewPage {
  readonly cpu: Locator;
  readonly memory: Locator;
  readonly engineCard: Locator;
  readonly homeAccess: Locator;

  constructor(readonly page: Page) {
    this.cpu = page.getByTestId('cpu-percent');
    this.memory = page.getByTestId('mem-used');
    this.engineCard = page.getByTestId('engine-card');
    this.homeAccess = page.getByTestId('home-access');
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  }

  /** Reads the CPU figure until it has changed `times` times (the 1 Hz stream at work). */
  async cpuReadings(count: number, timeoutMs = 20_000): Promise<string[]> {
    const seen: string[] = [];
    const deadline = Date.now() + timeoutMs;
    while (seen.length < count && Date.now() < deadline) {
      const text = (await this.cpu.textContent())?.trim() ?? '';
      if (text.endsWith('%') && text !== seen[seen.length - 1]) seen.push(text);
      await this.page.waitForTimeout(250);
    }
    return seen;
  }
}
