import { expect, type Locator, type Page } from '@playwright/test';

export class LogsPage {
  readonly output: Locator;
  readonly search: Locator;
  readonly searchResult: Locator;
  readonly pause: Locator;
  /** The status that names the followed services waiting for their container. */
  readonly waiting: Locator;

  constructor(readonly page: Page) {
    this.output = page.getByRole('log', { name: 'Log output' });
    this.search = page.getByRole('searchbox', { name: 'Search the log' });
    this.searchResult = page.getByTestId('search-result');
    this.waiting = page.getByTestId('log-waiting');
    this.pause = page.getByRole('toolbar', { name: 'Log controls' }).getByRole('button', { name: /^(Pause|Resume)$/ });
  }

  async open(url: string, services: string[] = []): Promise<void> {
    const query = services.map((s) => `service=${encodeURIComponent(s)}`).join('&');
    await this.page.goto(`${url}#/logs${query ? `?${query}` : ''}`);
    await expect(this.page.getByRole('heading', { level: 1, name: 'Logs' })).toBeVisible();
  }

  service(name: string): Locator {
    return this.page.getByRole('group', { name: 'Services' }).getByRole('checkbox', { name: name, exact: true });
  }

  /** The text of the rows xterm's DOM renderer shows in the viewport. */
  rows(): Locator {
    return this.output.locator('.xterm-rows');
  }
}
