import type { Locator, Page } from '@playwright/test';

/** The plan shown before a start, pull, load or limit change that is not a plain "fits". */
export class PlanDialog {
  readonly root: Locator;
  readonly verdict: Locator;
  readonly summary: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByRole('dialog', { name: 'Plan' });
    this.verdict = this.root.getByTestId('plan-verdict');
    this.summary = this.root.getByTestId('plan-summary');
  }

  /** A way to go on, by the start of its label ("Start anyway", "Stop helper first", ...). */
  choice(label: string | RegExp): Locator {
    const escaped = typeof label === 'string' ? label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : '';
    return this.root.getByRole('button', { name: typeof label === 'string' ? new RegExp(`^${escaped}`) : label });
  }

  service(name: string): Locator {
    return this.root.getByTestId(`plan-service-${name}`);
  }
}
