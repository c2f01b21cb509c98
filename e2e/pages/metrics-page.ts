import { expect, type Locator, type Page } from '@playwright/test';

export class MetricsPage {
  readonly hostCpu: Locator;
  readonly hostMemory: Locator;
  readonly hostChart: Locator;
  readonly stackMemoryChart: Locator;
  readonly containers: Locator;
  readonly source: Locator;
  readonly exportCsv: Locator;

  constructor(readonly page: Page) {
    this.hostCpu = page.getByTestId('metrics-host-cpu');
    this.hostMemory = page.getByTestId('metrics-host-mem');
    this.hostChart = page.getByTestId('metrics-host-chart');
    this.stackMemoryChart = page.getByTestId('metrics-stack-memory-chart');
    this.containers = page.getByTestId('metrics-containers');
    this.source = page.getByTestId('metrics-source');
    this.exportCsv = page.getByRole('button', { name: 'Export CSV' });
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.getByRole('link', { name: 'Metrics' }).click();
    await expect(this.page.getByRole('heading', { level: 1, name: 'Metrics' })).toBeVisible();
  }

  async chooseProject(name: string): Promise<void> {
    await this.page.getByRole('combobox', { name: 'Project' }).selectOption(name);
  }

  /** The row of the containers table for one container, by its name. */
  containerRow(name: string): Locator {
    return this.page
      .getByTestId('metrics-container-row')
      .filter({ has: this.page.getByRole('cell', { name, exact: true }) });
  }

  range(label: string): Locator {
    return this.page.getByRole('group', { name: 'Time range' }).getByRole('button', { name: label, exact: true });
  }

  /** The drawn line of a series in the host chart (recharts gives each a path with its name). */
  chartLine(name: string): Locator {
    return this.hostChart.locator(`.recharts-line path[name="${name}"]`);
  }

  /** Reads the host CPU figure until it has changed `count` times (the 1 Hz stream at work). */
  async cpuReadings(count: number, timeoutMs = 20_000): Promise<string[]> {
    const seen: string[] = [];
    const deadline = Date.now() + timeoutMs;
    while (seen.length < count && Date.now() < deadline) {
      const text = (await this.hostCpu.textContent())?.trim() ?? '';
      if (text.endsWith('%') && text !== seen[seen.length - 1]) seen.push(text);
      await this.page.waitForTimeout(200);
    }
    return seen;
  }
}
