import { randomBytes } from 'node:crypto';
import { ApiError, type BrowserToken as TokenInfo } from '../../src-shared/api';
import type { SettingsRepository } from '../store';

const KEY = 'browser.token';

/**
 * The browser mode's token: SUTAZAI_TOKEN when set, else one generated once (24 random bytes)
 * and kept in the database, so the address of `sutazai serve` stays the same across restarts
 * until the user regenerates it. Never logged.
 */
export class BrowserTokenStore {
  constructor(
    private readonly settings: SettingsRepository,
    private readonly fromEnv: string | undefined,
  ) {}

  current(): string {
    const fromEnv = this.fromEnv?.trim();
    if (fromEnv) {
      if (fromEnv.length < 16) throw new Error('SUTAZAI_TOKEN must be at least 16 characters long');
      return fromEnv;
    }
    const stored = this.settings.get<string>(KEY);
    if (stored && stored.length >= 16) return stored;
    return this.generate();
  }

  info(): TokenInfo {
    return { token: this.current(), source: this.fromEnv?.trim() ? 'environment' : 'stored' };
  }

  regenerate(): TokenInfo {
    if (this.fromEnv?.trim()) {
      throw new ApiError(
        'CONFLICT',
        'The token comes from SUTAZAI_TOKEN',
        'Change SUTAZAI_TOKEN where it is set, or unset it to let the app keep its own token',
      );
    }
    this.generate();
    return this.info();
  }

  private generate(): string {
    const token = randomBytes(24).toString('base64url');
    this.settings.set(KEY, token);
    return token;
  }
}
