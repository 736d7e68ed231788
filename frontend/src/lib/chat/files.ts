/**
 * Files in chat messages: which ones open by themselves, how a message of files reads in
 * the list, what the composer may send, and a message's file as the feed's attachment
 * views take it. Pure functions of their inputs, tested as they are.
 */

import type { Attachment } from '../api/client';
import { fileKind, MAX_ATTACHMENTS } from '../files';
import { plural } from '../format';
import type { ChatFile } from './types';

/** Files at most this big (bytes, as sizes are shown: 25 MB) are fetched and opened without asking. */
export const AUTO_OPEN_MAX_BYTES = 25_000_000;

/** Most files in one message (the node's `MAX_ATTACHMENTS`). */
export const MAX_CHAT_FILES = MAX_ATTACHMENTS;

/** Whether a message's file is opened as soon as it is seen: not yet here, and small enough. */
export function opensByItself(file: Pick<ChatFile, 'ready'> & { file: Pick<Attachment, 'size'> }): boolean {
  return !file.ready && file.file.size <= AUTO_OPEN_MAX_BYTES;
}

/** The key of a message's file in the open conversation's state: `<message id>:<index>`. */
export function fileKey(message: string, index: number): string {
  return `${message}:${index}`;
}

/** A message's files in a few words: "📎 photo.jpg", "📎 2 files" (no files: empty). */
export function filesLabel(files: readonly { name: string }[] | null | undefined): string {
  if (!files || files.length === 0) return '';
  return files.length === 1 ? `📎 ${files[0].name}` : `📎 ${plural(files.length, 'file')}`;
}

/**
 * A message in one line: its text (already made plain), after the files it carries
 * ("📎 photo.jpg", or "📎 some text" when it also says something).
 */
export function messageLine(text: string, files: readonly { name: string }[] | null | undefined): string {
  const words = text.replace(/\s+/g, ' ').trim();
  if (!files || files.length === 0) return words;
  return words ? `📎 ${words}` : filesLabel(files);
}

/** What decides whether the composer may send. */
export interface SendState {
  text: string;
  /** Files uploaded and ready to go. */
  uploaded: number;
  /** Files still queued or uploading. */
  uploading: number;
  /** Files whose upload failed (still listed). */
  failed: number;
  /** The text is longer than a message may be. */
  tooLong: boolean;
  /** Nothing may be written here (no longer a member). */
  disabled: boolean;
}

/**
 * Send is on when there is something to send (text, or an uploaded file), nothing is still
 * uploading, no upload failed (it would be left out without a word), and the text fits.
 */
export function canSendMessage(s: SendState): boolean {
  if (s.disabled || s.tooLong || s.uploading > 0 || s.failed > 0) return false;
  return s.text.trim().length > 0 || s.uploaded > 0;
}

/** Why Send waits on the files, or null when it does not. */
export function filesHold(uploading: number, failed: number): string | null {
  if (uploading > 0) return `Uploading ${plural(uploading, 'file')}… Send waits until ${uploading === 1 ? 'it is' : 'they are'} on your node.`;
  if (failed > 0) return 'A file could not be uploaded: try it again, or remove it.';
  return null;
}

/** A message's opened file as the feed's attachment views take it. */
export function asAttachment(file: ChatFile): Attachment {
  return { ...file.file };
}

/** Whether a file shows as a picture (tiles rather than rows). */
export function isPicture(file: { mime?: string | null }): boolean {
  return fileKind(file.mime) === 'image';
}
