import { expect, type Locator, type Page } from '@playwright/test';

export class SnapshotsPage {
  readonly list: Locator;
  readonly create: Locator;
  readonly schedule: Locator;
  readonly progress: Locator;
  readonly restore: Locator;

  constructor(readonly page: Page) {
    this.list = page.getByRole('region', { name: 'Snapshot list' });
    this.create = page.getByRole('region', { name: 'New snapshot' });
    this.schedule = page.getByRole('region', { name: 'Schedule' });
    this.progress = page.getByTestId('snapshot-progress');
    this.restore = page.getByTestId('restore-panel');
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.getByRole('link', { name: 'Snapshots' }).click();
    await expect(this.page.getByRole('heading', { name: 'Snapshots', exact: true })).toBeVisible();
  }

  rows(): Locator {
    return this.list.getByTestId('snapshot-row');
  }

  row(id: string): Locator {
    return this.list.locator(`[data-testid="snapshot-row"][data-id="${id}"]`);
  }
}
