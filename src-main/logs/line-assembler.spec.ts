import { describe, expect, it } from 'vitest';
import { LineAssembler } from './line-assembler';
import { serviceColor, servicePrefix } from './service-prefix';

describe('LineAssembler', () => {
  it('prefixes every complete line and ends it with CRLF', () => {
    const a = new LineAssembler('api | ');
    expect(a.push('one\ntwo\n')).toBe('api | one\r\napi | two\r\n');
  });

  it('holds a line cut across chunks until its end arrives', () => {
    const a = new LineAssembler('db | ');
    expect(a.push('hel')).toBe('');
    expect(a.push('lo\nwor')).toBe('db | hello\r\n');
    expect(a.push('ld\n')).toBe('db | world\r\n');
    expect(a.flush()).toBe('');
  });

  it('lets out a partial line at the end of the stream, and an endless line once it passes the limit', () => {
    const a = new LineAssembler('x | ', 10);
    expect(a.push('no newline')).toBe('');
    expect(a.push('!')).toBe('x | no newline!\r\n');
    const b = new LineAssembler('x | ');
    b.push('tail');
    expect(b.flush()).toBe('x | tail\r\n');
  });

  it('turns CRLF line ends of TTY logs into one line end, and drops stray carriage returns', () => {
    expect(new LineAssembler('t | ').push('a\r\nb\rc\n')).toBe('t | a\r\nt | bc\r\n');
  });
});

describe('service prefixes', () => {
  it('give a service the same colour every time and pad names to one width', () => {
    expect(serviceColor('ollama')).toBe(serviceColor('ollama'));
    const colours = new Set(['ollama', 'postgres', 'redis', 'qdrant', 'n8n', 'flowise'].map(serviceColor));
    expect(colours.size).toBeGreaterThan(2);
    expect(servicePrefix('db', 6, false)).toBe('db     | ');
    expect(servicePrefix('db', 2, true)).toBe(`\u001b[${serviceColor('db')}mdb | \u001b[0m`);
  });
});
