import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { authorHref, tagHref } from './routes';
import { shortId } from './format';
import { splitText } from './feed/text';

/**
 * The one Markdown renderer: posts and the composer's preview both use it, and it is the
 * only source of HTML the UI ever inserts. Raw HTML is escaped (`html: false`); links
 * only go to http(s), mailto or relative addresses and open in a new tab without a
 * referrer; images become links (nothing remote is ever loaded); headings are moved down
 * three levels so a post's `# Heading` sits below the page's own headings. Hashtags and
 * `@sn1…` mentions become links inside the app (the hashtag's posts, the author's page).
 */

const SAFE_LINK = /^(https?:|mailto:)/i;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
/** Headings in posts start below the post's own title (h3): `#` → h4. */
const HEADING_SHIFT = 3;

/** Whether a link target is allowed: http(s), mailto, or a relative address. */
export function isSafeLink(url: string): boolean {
  // Browsers ignore control characters and spaces at the start and inside the scheme.
  const cleaned = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  if (SAFE_LINK.test(cleaned)) return true;
  return !HAS_SCHEME.test(cleaned) && !cleaned.startsWith('//');
}

function createRenderer() {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
  md.validateLink = isSafeLink;

  const renderToken = md.renderer.renderToken.bind(md.renderer);

  md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
    const token = tokens[idx];
    // Routes inside the app stay in this window; anything else opens a new tab.
    if (!String(token.attrGet('href') ?? '').startsWith('#/')) {
      token.attrSet('target', '_blank');
      token.attrSet('rel', 'noopener noreferrer');
    }
    return self.renderToken(tokens, idx, options);
  };

  md.core.ruler.after('linkify', 'social_links', (state) => {
    const env = (state.env ?? {}) as RenderOptions;
    for (const block of state.tokens) {
      if (block.type !== 'inline' || !block.children) continue;
      block.children = socialLinks(block.children, state.Token, env);
    }
  });

  // An image becomes a link to it, labelled with its alt text: posts never load anything
  // from elsewhere (and the CSP would refuse it anyway).
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    const src = String(token.attrGet('src') ?? '');
    const alt = String(self.renderInlineAsText(token.children ?? [], options, env) || src);
    const escape = md.utils.escapeHtml;
    return `<a href="${escape(src)}" target="_blank" rel="noopener noreferrer" class="md-image-link">${escape(alt)}</a>`;
  };

  const shiftHeading = (tokens: { tag: string }[], idx: number) => {
    const level = Number(tokens[idx].tag.slice(1));
    if (Number.isInteger(level)) tokens[idx].tag = `h${Math.min(6, level + HEADING_SHIFT)}`;
  };
  md.renderer.rules.heading_open = (tokens, idx, options) => {
    shiftHeading(tokens, idx);
    return renderToken(tokens, idx, options);
  };
  md.renderer.rules.heading_close = (tokens, idx, options) => {
    shiftHeading(tokens, idx);
    return renderToken(tokens, idx, options);
  };
  return md;
}

/** What the renderer may know beyond the text. */
export interface RenderOptions {
  [key: string]: unknown;
  /** The name of a mentioned account, when known (else its short id is shown). */
  name?: (account: string) => string | null | undefined;
}

type TokenClass = new (type: string, tag: string, nesting: 1 | 0 | -1) => Token;

/** Turns hashtags and mentions in the text tokens (outside links) into links. */
function socialLinks(children: Token[], TokenCtor: TokenClass, env: RenderOptions): Token[] {
  const out: Token[] = [];
  let inLink = 0;
  let before = '';
  for (const token of children) {
    if (token.type === 'link_open') inLink++;
    if (token.type === 'link_close') inLink = Math.max(0, inLink - 1);
    if (token.type !== 'text' || inLink > 0) {
      out.push(token);
      before = '';
      continue;
    }
    const pieces = splitText(token.content, before);
    before = token.content;
    if (pieces.length === 1 && pieces[0].kind === 'text') {
      out.push(token);
      continue;
    }
    for (const piece of pieces) {
      if (piece.kind === 'text') {
        const text = new TokenCtor('text', '', 0);
        text.content = piece.text;
        out.push(text);
        continue;
      }
      const open = new TokenCtor('link_open', 'a', 1);
      const label = new TokenCtor('text', '', 0);
      if (piece.kind === 'tag') {
        open.attrs = [
          ['href', tagHref(piece.tag)],
          ['class', 'hashtag'],
        ];
        label.content = piece.text;
      } else {
        const name = env.name?.(piece.account);
        open.attrs = [
          ['href', authorHref(piece.account)],
          ['class', 'mention'],
          ['title', piece.account],
        ];
        label.content = `@${name || shortId(piece.account)}`;
      }
      out.push(open, label, new TokenCtor('link_close', 'a', -1));
    }
  }
  return out;
}

const renderer = createRenderer();

/** Renders a post's Markdown to safe HTML. */
export function renderMarkdown(text: string, options: RenderOptions = {}): string {
  return renderer.render(text, { ...options });
}
