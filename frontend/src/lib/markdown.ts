import MarkdownIt from 'markdown-it';

/**
 * The one Markdown renderer: posts and the composer's preview both use it, and it is the
 * only source of HTML the UI ever inserts. Raw HTML is escaped (`html: false`); links
 * only go to http(s), mailto or relative addresses and open in a new tab without a
 * referrer; images become links (nothing remote is ever loaded); headings are moved down
 * three levels so a post's `# Heading` sits below the page's own headings.
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
    token.attrSet('target', '_blank');
    token.attrSet('rel', 'noopener noreferrer');
    return self.renderToken(tokens, idx, options);
  };

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

const renderer = createRenderer();

/** Renders a post's Markdown to safe HTML. */
export function renderMarkdown(text: string): string {
  return renderer.render(text);
}
