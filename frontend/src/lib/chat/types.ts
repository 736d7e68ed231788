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

/** A message written here that the node has not confirmed yet. */
export interface PendingMessage {
  /** A local id (`pending-…`), never an event id. */
  id: string;
  author: string;
  created_at: number;
  text: string;
}
