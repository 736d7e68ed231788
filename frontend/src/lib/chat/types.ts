/**
 * The chat app's shapes as the API gives them (generated types, named for the UI), and
 * a message this app is still sending.
 */

import type { Methods } from '../api/types';

/** A conversation in the list (and the header of an open one). */
export type Conversation = Methods['chat.conversations']['output']['conversations'][number];
/** A message as this account reads it: `text`, or `unreadable` saying why not. */
export type ChatMessage = Methods['chat.messages']['output']['messages'][number];
/** A person in a conversation. */
export type Member = Conversation['members'][number];
/** A file of a message: what it is, whether it is opened here, and the sealed copy that travels. */
export type ChatFile = NonNullable<ChatMessage['files']>[number];

/** A file of a message being sent, as it shows until the node confirms the message. */
export interface SendingFile {
  name: string;
  mime: string | null;
  size: number;
}

/** A message written here that the node has not confirmed yet. */
export interface PendingMessage {
  /** A local id (`pending-…`), never an event id. */
  id: string;
  author: string;
  created_at: number;
  text: string;
  /** The files it carries. */
  files: SendingFile[];
}
