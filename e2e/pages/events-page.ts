import { expect, type Locator, type Page } from '@playwright/test';

export class EventsPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(`${url}#/events`);
    await expect(this.page.getByRole('heading', { level: 1, name: 'Events' })).toBeVisible();
  }

  projectFilter(): Locator {
    return this.page.getByRole('combobox', { name: 'Project' });
  }

  async chooseProject(name: string): Promise<void> {
    await this.projectFilter().selectOption(name);
  }

  /** The rows of the event table. */
  rows(): Locator {
    return this.page.getByTestId('event-row');
  }

  /** The rows of one kind of event for one service. */
  row(kind: string, service: string): Locator {
    return this.rows()
      .filter({ hasText: kind })
      .filter({ has: this.page.getByRole('cell', { name: service, exact: true }) });
  }
}
