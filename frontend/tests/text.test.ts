import { describe, expect, it } from 'vitest';
import { hashtags, isAccountId, mentions, plainLine, splitText } from '../src/lib/feed/text';
import { renderMarkdown } from '../src/lib/markdown';
import { MENTIONED } from './fixtures';

function dom(html: string): HTMLElement {
  const div = document.createElement('div');
  div.innerHTML = html;
  return div;
}

describe('hashtags (the node’s rules)', () => {
  it('finds tags after a space or at the start, lowercased, once each', () => {
    expect(hashtags('#Rust and #rust, #p2p! (#Tea)')).toEqual(['rust', 'p2p', 'tea']);
  });

  it('needs a letter, and does not start inside a word or an entity', () => {
    expect(hashtags('#2024 C# a#b x_#y &#123; #_')).toEqual([]);
    expect(hashtags('#y2k #café #日本')).toEqual(['y2k', 'café', '日本']);
  });

  it('skips a run longer than 64 characters altogether', () => {
    expect(hashtags(`#${'a'.repeat(64)}`)).toEqual(['a'.repeat(64)]);
    expect(hashtags(`#${'a'.repeat(65)}`)).toEqual([]);
  });

  it('splits text into plain runs and tags, keeping every character', () => {
    const pieces = splitText('Hi #Rust!');
    expect(pieces).toEqual([
      { kind: 'text', text: 'Hi ' },
      { kind: 'tag', text: '#Rust', tag: 'rust' },
      { kind: 'text', text: '!' },
    ]);
    expect(pieces.map((p) => p.text).join('')).toBe('Hi #Rust!');
  });

  it('knows the character before the text (a tag right after a word is none)', () => {
    expect(splitText('#tag', 'C')).toEqual([{ kind: 'text', text: '#tag' }]);
    expect(splitText('#tag', ' ')[0].kind).toBe('tag');
  });
});

describe('mentions', () => {
  it('recognises account ids by their bech32m checksum', () => {
    expect(isAccountId(MENTIONED)).toBe(true);
    const broken = `${MENTIONED.slice(0, -1)}${MENTIONED.endsWith('q') ? 'p' : 'q'}`;
    expect(isAccountId(broken)).toBe(false);
    expect(isAccountId(MENTIONED.slice(0, -1))).toBe(false);
    expect(isAccountId(`sn1${'b'.repeat(58)}`)).toBe(false);
  });

  it('finds @sn1… mentions of valid ids only, once each', () => {
    const text = `cc @${MENTIONED}, @${MENTIONED} and @sn1notanaccount`;
    expect(mentions(text)).toEqual([MENTIONED]);
    expect(mentions(`@${MENTIONED}x`)).toEqual([]); // the id runs on: not that account
  });

  it('makes a plain preview line: names for mentions, no Markdown marks', () => {
    expect(plainLine(`**Thanks** @${MENTIONED} for the [link](https://x.org) \`code\``, () => 'Tess')).toBe(
      'Thanks @Tess for the link code',
    );
    expect(plainLine(`hi @${MENTIONED}`)).toBe('hi @sn1xdc8…32cj');
  });
});

describe('links in rendered posts', () => {
  it('links hashtags to the hashtag view and mentions to the author page, inside the app', () => {
    const root = dom(renderMarkdown(`New #Release from @${MENTIONED}`, { name: () => 'Tess' }));
    const tag = root.querySelector('a.hashtag')!;
    expect(tag.getAttribute('href')).toBe('#/feed/tag/release');
    expect(tag.textContent).toBe('#Release');
    expect(tag.hasAttribute('target')).toBe(false);
    const mention = root.querySelector('a.mention')!;
    expect(mention.getAttribute('href')).toBe(`#/feed/author/${MENTIONED}`);
    expect(mention.getAttribute('title')).toBe(MENTIONED);
    expect(mention.textContent).toBe('@Tess');
  });

  it('shows a short id for a mention whose name is not known', () => {
    const mention = dom(renderMarkdown(`@${MENTIONED}`)).querySelector('a.mention')!;
    expect(mention.textContent).toBe(`@${MENTIONED.slice(0, 7)}…${MENTIONED.slice(-4)}`);
  });

  it('leaves code, links and addresses alone', () => {
    const root = dom(renderMarkdown('`#code` [#label](https://example.org) https://example.org/#frag **#bold**'));
    expect(root.querySelectorAll('a.hashtag')).toHaveLength(1);
    expect(root.querySelector('a.hashtag')!.textContent).toBe('#bold');
    expect(root.querySelector('code')!.textContent).toBe('#code');
    const external = [...root.querySelectorAll('a')].filter((a) => a.getAttribute('href')?.startsWith('https:'));
    expect(external).toHaveLength(2);
    for (const a of external) expect(a.getAttribute('target')).toBe('_blank');
  });

  it('does not turn a heading into a hashtag', () => {
    const root = dom(renderMarkdown('# Title\n\n#tag'));
    expect(root.querySelector('h4')!.textContent).toBe('Title');
    expect(root.querySelector('a.hashtag')!.textContent).toBe('#tag');
  });
});
