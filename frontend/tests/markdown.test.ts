import { describe, expect, it } from 'vitest';
import { isSafeLink, renderMarkdown } from '../src/lib/markdown';

function dom(html: string): HTMLElement {
  const div = document.createElement('div');
  div.innerHTML = html;
  return div;
}

describe('renderMarkdown', () => {
  it('renders headings (below the post title), emphasis, lists and code', () => {
    const html = renderMarkdown('# Heading\n\nSome *emphasis* and **strong**.\n\n- one\n- two\n\n`code`');
    const root = dom(html);
    expect(root.querySelector('h4')?.textContent).toBe('Heading');
    expect(root.querySelector('em')?.textContent).toBe('emphasis');
    expect(root.querySelector('strong')?.textContent).toBe('strong');
    expect(root.querySelectorAll('li')).toHaveLength(2);
    expect(root.querySelector('code')?.textContent).toBe('code');
  });

  it('renders links that open in a new tab without a referrer', () => {
    const root = dom(renderMarkdown('[Supernet](https://example.org/a?b=1)'));
    const a = root.querySelector('a')!;
    expect(a.getAttribute('href')).toBe('https://example.org/a?b=1');
    expect(a.getAttribute('target')).toBe('_blank');
    expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    expect(a.textContent).toBe('Supernet');
  });

  it('links bare addresses (linkify)', () => {
    const a = dom(renderMarkdown('see https://example.org/page now')).querySelector('a')!;
    expect(a.getAttribute('href')).toBe('https://example.org/page');
    expect(a.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('escapes raw HTML instead of rendering it', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)> <b>bold</b>');
    const root = dom(html);
    expect(root.querySelector('script')).toBeNull();
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('b')).toBeNull();
    expect(html).toContain('&lt;script&gt;');
    expect(root.textContent).toContain('<b>bold</b>');
  });

  it.each([
    '[click](javascript:alert(1))',
    '[click](JaVaScRiPt:alert(1))',
    '[click](java\tscript:alert(1))',
    '[click](vbscript:msgbox(1))',
    '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[click](data:image/png;base64,iVBORw0KGgo=)',
    '[click](file:///etc/passwd)',
    '<javascript:alert(1)>',
  ])('does not link %s', (source) => {
    const root = dom(renderMarkdown(source));
    for (const a of root.querySelectorAll('a')) {
      expect(a.getAttribute('href') ?? '').not.toMatch(/^\s*(javascript|vbscript|data|file):/i);
    }
    expect(root.querySelector('a')).toBeNull();
  });

  it('turns images into links: nothing remote is loaded', () => {
    const root = dom(renderMarkdown('![a cat](https://example.org/cat.png)'));
    expect(root.querySelector('img')).toBeNull();
    const a = root.querySelector('a')!;
    expect(a.getAttribute('href')).toBe('https://example.org/cat.png');
    expect(a.textContent).toBe('a cat');
    expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    expect(dom(renderMarkdown('![x](javascript:alert(1))')).querySelector('a, img')).toBeNull();
  });

  it('escapes attributes of links', () => {
    const root = dom(renderMarkdown('[x](https://example.org/"onmouseover="alert(1))'));
    const a = root.querySelector('a');
    expect(a?.getAttribute('onmouseover') ?? null).toBeNull();
  });
});

describe('isSafeLink', () => {
  it('allows http(s), mailto and relative addresses only', () => {
    expect(isSafeLink('https://a.example')).toBe(true);
    expect(isSafeLink('http://a.example')).toBe(true);
    expect(isSafeLink('mailto:a@b.example')).toBe(true);
    expect(isSafeLink('/@sn1abc')).toBe(true);
    expect(isSafeLink('#top')).toBe(true);
    expect(isSafeLink('javascript:alert(1)')).toBe(false);
    expect(isSafeLink(' javascript:alert(1)')).toBe(false);
    expect(isSafeLink('data:text/html,x')).toBe(false);
    expect(isSafeLink('//evil.example/x')).toBe(false);
    expect(isSafeLink('ftp://x')).toBe(false);
  });
});
