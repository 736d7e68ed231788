/** Largest event body the node accepts, in bytes (the post's JSON: text and title). */
export const MAX_BODY_BYTES = 64 * 1024;
/** Longest title, in characters. */
export const MAX_TITLE_CHARS = 300;

const encoder = new TextEncoder();

/** The size of a post's body as the node will store it. */
export function bodyBytes(text: string, title: string | null): number {
  return encoder.encode(JSON.stringify(title === null ? { text } : { text, title })).length;
}

/** Characters as a person counts them (not UTF-16 units). */
export function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** What stops a draft from being published, if anything. */
export function draftProblem(text: string, title: string | null): string | null {
  if (text.trim().length === 0) return 'Write something first.';
  if (title !== null) {
    if (title.trim().length === 0) return 'Give the blog post a title, or untick “Blog post”.';
    if (charCount(title) > MAX_TITLE_CHARS) return `A title has at most ${MAX_TITLE_CHARS} characters.`;
  }
  if (bodyBytes(text, title) > MAX_BODY_BYTES) return 'This post is too long for one post. Shorten it.';
  return null;
}
