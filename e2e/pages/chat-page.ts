import { expect, type Locator, type Page } from '@playwright/test';

export class ChatPage {
  readonly message: Locator;
  readonly send: Locator;
  readonly stop: Locator;
  readonly regenerate: Locator;
  readonly replies: Locator;
  readonly conversations: Locator;
  readonly notice: Locator;

  constructor(readonly page: Page) {
    this.message = page.getByRole('textbox', { name: 'Message' });
    this.send = page.getByRole('button', { name: 'Send' });
    this.stop = page.getByRole('button', { name: 'Stop' });
    this.regenerate = page.getByRole('button', { name: 'Regenerate' });
    this.replies = page.getByTestId('message-assistant');
    this.conversations = page.getByTestId('conversation');
    this.notice = page.getByTestId('ollama-notice');
  }

  async open(appUrl: string): Promise<void> {
    await this.page.goto(`${appUrl}#/chat`);
    await expect(this.page.getByRole('heading', { level: 1, name: 'Chat' })).toBeVisible();
  }

  async ask(text: string): Promise<void> {
    await expect(this.page.getByRole('combobox', { name: 'Model' })).not.toHaveValue('');
    await this.message.fill(text);
    await this.send.click();
  }

  /** Picks the MCP servers whose tools the model may use. */
  async useTools(...servers: string[]): Promise<void> {
    await this.page.getByRole('button', { name: /^Tools/ }).click();
    const picker = this.page.getByRole('group', { name: 'Tools' });
    for (const s of servers) await picker.getByRole('checkbox', { name: new RegExp(`^${s}`) }).check();
  }

  approval(tool: string): Locator {
    return this.page.getByRole('alertdialog', { name: `Allow ${tool}?` });
  }

  toolCalls(): Locator {
    return this.page.getByTestId('tool-call');
  }

  /** The streaming reply's text each time it changes, until it has changed `times` times. */
  async streamedTexts(times: number): Promise<string[]> {
    const seen: string[] = [];
    const live = this.page.locator('[data-testid="message-assistant"][aria-busy="true"] .markdown');
    while (seen.length < times) {
      const text = (await live.textContent({ timeout: 10_000 })) ?? '';
      if (text && text !== seen.at(-1)) seen.push(text);
      await this.page.waitForTimeout(20);
    }
    return seen;
  }
}
