import { describe, expect, it } from 'vitest';
import { parseDesktopArgs } from './desktop-args';

describe('parseDesktopArgs', () => {
  it('reads --hidden, --project and --templates in both forms and ignores the rest', () => {
    expect(
      parseDesktopArgs([
        '/usr/bin/electron',
        '/app',
        '--no-sandbox',
        '--hidden',
        '--project',
        'lab',
        '--templates=/srv/t',
      ]),
    ).toEqual({ hidden: true, project: 'lab', templates: '/srv/t' });
    expect(parseDesktopArgs(['/opt/SutazAI/sutazai-control-center'])).toEqual({ hidden: false });
    expect(parseDesktopArgs(['x', '--project'])).toEqual({ hidden: false });
  });
});
