import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from './Markdown';

const html = (text: string) => renderToStaticMarkup(createElement(Markdown, { text }));

describe('Markdown', () => {
  it('renders code blocks, headings, lists and inline marks as elements', () => {
    const out = html(
      '# Title\n\nSome **bold** and `code`.\n\n```ts\nconst a = 1 < 2;\n```\n\n- one\n- two\n\n1. first',
    );
    expect(out).toContain('<h3>Title</h3>');
    expect(out).toContain('<strong>bold</strong>');
    expect(out).toContain('<code>code</code>');
    expect(out).toContain(
      '<pre class="code-block" data-lang="ts"><span class="code-lang">ts</span><code>const a = 1 &lt; 2;</code></pre>',
    );
    expect(out).toContain('<ul><li>one</li><li>two</li></ul>');
    expect(out).toContain('<ol><li>first</li></ol>');
  });

  it('never injects HTML from the text, and links only http(s)', () => {
    const out = html('<img src=x onerror=alert(1)> [x](javascript:alert(1)) [ok](https://example.org)');
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(out).not.toContain('href="javascript');
    expect(out).toContain('<a href="https://example.org" target="_blank" rel="noreferrer noopener">ok</a>');
  });

  it('shows an unterminated code block while a reply is still streaming', () => {
    expect(html('```py\nprint(1)')).toContain('<code>print(1)</code>');
  });
});
