import { expect, type Locator, type Page } from '@playwright/test';

export class StackPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url.replace('/?', '/?') + '#/stack');
    await expect(this.page.getByRole('heading', { level: 1, name: 'Stack' })).toBeVisible();
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

  /** The picker of managed projects (shown once there is more than the SutazAI stack). */
  projectPicker(): Locator {
    return this.page.getByRole('combobox', { name: 'Project' });
  }

  async chooseProject(name: string): Promise<void> {
    await this.projectPicker().selectOption(name);
  }

  addForm(): Locator {
    return this.page.getByRole('form', { name: 'Add a project' });
  }

  /** Opens "Add a project", types the folder (and a name), and adds it. */
  async addProject(
    dir: string,
    options: { name?: string; tier?: 'critical' | 'core' | 'optional' } = {},
  ): Promise<void> {
    if (!(await this.addForm().isVisible())) await this.page.getByRole('button', { name: 'Add a project' }).click();
    const form = this.addForm();
    await form.getByRole('textbox', { name: /^Folder/ }).fill(dir);
    if (options.name) await form.getByRole('textbox', { name: /^Name/ }).fill(options.name);
    if (options.tier) await form.getByRole('combobox').selectOption(options.tier);
    await form.getByRole('button', { name: 'Add', exact: true }).click();
  }

  /**
   * Picks the folder with "Browse…": starts from `from` (typed into the Folder field), opens the
   * subfolder `name` from the list the core gives, and uses it.
   */
  async pickFolder(from: string, name: string): Promise<void> {
    if (!(await this.addForm().isVisible())) await this.page.getByRole('button', { name: 'Add a project' }).click();
    const form = this.addForm();
    await form.getByRole('textbox', { name: /^Folder/ }).fill(from);
    await form.getByRole('button', { name: 'Browse…' }).click();
    const browser = form.getByRole('group', { name: 'Choose a folder' });
    await browser.getByRole('button', { name: `${name}/` }).click();
    await expect(browser.getByTestId('browse-dir')).toHaveText(`${from.replace(/\/$/, '')}/${name}`);
    await browser.getByRole('button', { name: 'Use this folder' }).click();
  }

  /** Adds the folder already in the Folder field. */
  async submitAdd(): Promise<void> {
    await this.addForm().getByRole('button', { name: 'Add', exact: true }).click();
  }

  /** The note shown once a folder is added (its profiles, what compose had already made). */
  addedNotice(): Locator {
    return this.page.getByRole('status', { name: 'Project added' });
  }

  projectCard(name: string): Locator {
    return this.page.getByRole('region', { name: `Project ${name}` });
  }

  /** Removes the shown project; `down` takes its containers down too, else they are left as they are. */
  async removeProject(name: string, options: { down?: boolean } = {}): Promise<void> {
    const card = this.projectCard(name);
    await card.getByRole('button', { name: 'Remove…' }).click();
    if (options.down) await card.getByRole('checkbox', { name: /Also stop and remove/ }).check();
    await card
      .getByRole('button', { name: options.down ? 'Take down and remove' : 'Remove (keep containers)' })
      .click();
  }

  /** Ticks profiles in the "start several" box and starts them together. */
  async startTogether(names: string[]): Promise<void> {
    const box = this.page.getByRole('group', { name: 'Start several profiles' });
    for (const n of names) await box.getByRole('checkbox', { name: n }).check();
    await box.getByRole('button', { name: /^Start selected/ }).click();
  }
}
