import { describe, expect, it } from 'vitest';
import { redactSecrets } from './secret-redaction';

describe('redactSecrets', () => {
  it('hides secret-named fields and secret values embedded in other strings', () => {
    const model = {
      environment: {
        POSTGRES_PASSWORD: 'abc',
        DATABASE_URL: 'postgres://u:s3cr3t-value@db/app',
        MODE: 'prod',
        N8N_ENCRYPTION_KEY: '',
      },
      command: ['--token', 's3cr3t-value'],
    };
    expect(redactSecrets(model, ['s3cr3t-value', 'abc'])).toEqual({
      environment: {
        POSTGRES_PASSWORD: '<secret>',
        DATABASE_URL: 'postgres://u:<secret>@db/app',
        MODE: 'prod',
        N8N_ENCRYPTION_KEY: '',
      },
      command: ['--token', '<secret>'],
    });
  });

  it('does not let a short value blank out unrelated text', () => {
    expect(redactSecrets({ image: 'postgres:16', note: 'a' }, ['a', '16'])).toEqual({
      image: 'postgres:16',
      note: 'a',
    });
  });
});
