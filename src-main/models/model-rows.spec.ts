import { describe, expect, it } from 'vitest';
import { modelRows } from './model-rows';

const details = { family: 'llama', parameter_size: '1B', quantization_level: 'Q4_0' };

describe('modelRows', () => {
  it('keeps every field a full server gives and marks the loaded ones', () => {
    const rows = modelRows(
      [
        { name: 'a:latest', size: 10, modified_at: '2025-01-02T03:04:05.123456789+01:00', details },
        { name: 'b:latest', size: 20, modified_at: '2025-01-02T03:04:05Z', details },
      ],
      { names: new Set(['b:latest']) },
    );
    expect(rows).toEqual([
      {
        name: 'a:latest',
        sizeBytes: 10,
        family: 'llama',
        parameterSize: '1B',
        quantization: 'Q4_0',
        modifiedAt: '2025-01-02T02:04:05.123Z',
        loaded: false,
      },
      {
        name: 'b:latest',
        sizeBytes: 20,
        family: 'llama',
        parameterSize: '1B',
        quantization: 'Q4_0',
        modifiedAt: '2025-01-02T03:04:05.000Z',
        loaded: true,
      },
    ]);
  });

  it('leaves out what the server did not say, names it, and skips entries without a name', () => {
    const rows = modelRows(
      [
        { model: 'only-model-field:1b', modified_at: 'yesterday', size: '12', details: null },
        { size: 5, details },
        { name: 'ok:latest', size: 1, modified_at: '2025-01-02T03:04:05Z', details },
      ],
      { unknown: 'no /api/ps' },
    );
    expect(rows.map((r) => r.name)).toEqual(['only-model-field:1b', 'ok:latest']);
    expect(rows[0]).toEqual({
      name: 'only-model-field:1b',
      family: '',
      parameterSize: '',
      quantization: '',
      missing: [
        { field: 'sizeBytes', reason: 'the server\'s size "12" is not a number of bytes' },
        { field: 'details', reason: 'the server gave no details (family, parameters, quantization)' },
        { field: 'modifiedAt', reason: 'the server\'s modified_at "yesterday" is not a time' },
        { field: 'loaded', reason: 'no /api/ps' },
      ],
    });
    expect(rows[1]!.missing).toEqual([{ field: 'loaded', reason: 'no /api/ps' }]);
    expect(rows[1]).not.toHaveProperty('loaded');
  });
});
