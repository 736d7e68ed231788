/** Largest event body the node accepts, in bytes (the post's JSON: text, title and files). */
export const MAX_BODY_BYTES = 64 * 1024;
/** Longest title, in characters. */
export const MAX_TITLE_CHARS = 300;

const encoder = new TextEncoder();

/** A file as a post's body carries it (the node adds its size and media type). */
export interface BodyFile {
  hash: string;
  name: string;
  mime: string | null;
}

/** The size of a post's body as the node will store it (files: near enough). */
export function bodyBytes(text: string, title: string | null, files: readonly BodyFile[] = []): number {
  const body: Record<string, unknown> = title === null ? { text } : { text, title };
  if (files.length > 0) {
    body.attachments = files.map((f) => ({
      hash: f.hash,
      size: Number.MAX_SAFE_INTEGER,
      mime: f.mime ?? 'application/octet-stream',
      name: f.name,
    }));
  }
  return encoder.encode(JSON.stringify(body)).length;
}

/** Characters as a person counts them (not UTF-16 units). */
export function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * What stops a draft from being published, if anything. A post of files alone needs no
 * text, and neither does a quote (without words it is a repost).
 */
export function draftProblem(
  text: string,
  title: string | null,
  files: readonly BodyFile[] = [],
  quoting = false,
): string | null {
  if (text.trim().length === 0 && files.length === 0 && !quoting) return 'Write something first.';
  if (title !== null) {
    if (title.trim().length === 0) return 'Give the blog post a title, or untick “Blog post”.';
    if (charCount(title) > MAX_TITLE_CHARS) return `A title has at most ${MAX_TITLE_CHARS} characters.`;
  }
  if (bodyBytes(text, title, files) > MAX_BODY_BYTES) return 'This post is too long for one post. Shorten it.';
  return null;
}
