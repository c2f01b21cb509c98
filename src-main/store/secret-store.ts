import { ApiError } from '../../src-shared/api';
import type { Db } from './database';

/**
 * Encrypts small secrets with a key the operating system keeps for this user. The desktop app
 * hands one in (Electron's safeStorage); the browser mode and the CLI have none.
 */
export interface SecretCipher {
  /** Saved beside each value, so a value is only ever decrypted by the scheme that made it. */
  readonly scheme: string;
  encrypt(plain: string): Promise<Buffer>;
  decrypt(sealed: Buffer): Promise<string>;
}

const PLAIN = 'plain';

/**
 * Secrets by key (agent API keys) in the app's database, which only the user can read (0600). With
 * a cipher, values are also encrypted with it, so a copy of the database alone does not give them.
 */
export class SecretStore {
  constructor(
    private readonly db: Db,
    private readonly cipher?: SecretCipher,
  ) {}

  /** How new values are kept: the cipher's scheme, or "plain" (the 0600 database only). */
  get scheme(): string {
    return this.cipher?.scheme ?? PLAIN;
  }

  has(key: string): boolean {
    return this.db.prepare('SELECT 1 FROM secrets WHERE key = ?').get(key) !== undefined;
  }

  async get(key: string): Promise<string | undefined> {
    const row = this.db.prepare('SELECT scheme, value FROM secrets WHERE key = ?').get(key) as
      { scheme: string; value: Buffer } | undefined;
    if (!row) return undefined;
    if (row.scheme === PLAIN) return row.value.toString('utf8');
    if (!this.cipher || this.cipher.scheme !== row.scheme) {
      throw new ApiError(
        'UNAVAILABLE',
        `The secret ${key} is encrypted with ${row.scheme}, which this app mode cannot use`,
        'Set it again here, or use it from the desktop app that saved it.',
      );
    }
    try {
      return await this.cipher.decrypt(row.value);
    } catch (err) {
      throw new ApiError(
        'UNAVAILABLE',
        `The secret ${key} could not be decrypted (${(err as Error).message})`,
        'Set it again: the system keychain no longer opens it.',
      );
    }
  }

  async set(key: string, value: string): Promise<void> {
    const sealed = this.cipher ? await this.cipher.encrypt(value) : Buffer.from(value, 'utf8');
    this.overwriting(() =>
      this.db
        .prepare(
          `INSERT INTO secrets (key, scheme, value, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT(key) DO UPDATE SET scheme = excluded.scheme, value = excluded.value, updated_at = excluded.updated_at`,
        )
        .run(key, this.scheme, sealed, Date.now()),
    );
  }

  delete(key: string): void {
    this.overwriting(() => this.db.prepare('DELETE FROM secrets WHERE key = ?').run(key));
  }

  /** Encrypts the values kept plain before a cipher was available; returns how many. */
  async sealPlain(): Promise<number> {
    if (!this.cipher) return 0;
    const cipher = this.cipher;
    const rows = this.db.prepare('SELECT key, value FROM secrets WHERE scheme = ?').all(PLAIN) as {
      key: string;
      value: Buffer;
    }[];
    let sealed = 0;
    for (const r of rows) {
      const value = await cipher.encrypt(r.value.toString('utf8'));
      // Only if nobody set a new value meanwhile.
      sealed += this.overwriting(
        () =>
          this.db
            .prepare(
              'UPDATE secrets SET scheme = ?, value = ?, updated_at = ? WHERE key = ? AND scheme = ? AND value = ?',
            )
            .run(cipher.scheme, value, Date.now(), r.key, PLAIN, r.value).changes,
      );
    }
    return sealed;
  }

  /** Replaced and deleted values are zeroed in the file, not left in free pages. */
  private overwriting<T>(write: () => T): T {
    this.db.pragma('secure_delete = ON');
    try {
      return write();
    } finally {
      this.db.pragma('secure_delete = OFF');
    }
  }
}
