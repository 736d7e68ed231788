/**
 * What chat errors mean for a person. The general sentences (lib/errors.ts) fit most
 * codes; a few mean something particular in a chat, and the node's message (which names
 * the accounts concerned) stays beneath as detail. Branches on codes, never on the text.
 */

import { describeError, type ErrorInfo } from '../errors';

/** What was being done when the error came. */
export type ChatAction = 'start' | 'group' | 'members' | 'settings' | 'send' | 'read' | 'file';

/** Describes an error of a chat action. */
export function chatError(error: unknown, action: ChatAction): ErrorInfo {
  const info = describeError(error);
  if (action === 'file') return fileError(info);
  switch (info.code) {
    case 'not_found':
      if (action === 'start' || action === 'group' || action === 'members') {
        return {
          ...info,
          text: 'Their chat key has not reached this node yet. Follow them (the key comes with their posts and profile), and make sure they have opened Chat once; then try again.',
        };
      }
      if (action === 'read') return { ...info, text: 'This conversation is not on this node (yet). It may still be on its way from the other members.' };
      return info;
    case 'permission_denied':
      if (action === 'members' || action === 'settings') {
        return { ...info, text: 'Only the person who created this group can change its members and settings.' };
      }
      if (action === 'send' || action === 'read') {
        return { ...info, text: 'You are not a member of this conversation (any more), so you cannot read or write new messages in it.' };
      }
      return { ...info, text: 'That is not allowed. If you blocked this account, unblock it first.' };
    case 'already_exists':
      return { ...info, text: 'That person is already a member.' };
    default:
      return info;
  }
}

/** Why a message's file could not be opened, and what to do. */
function fileError(info: ErrorInfo): ErrorInfo {
  switch (info.code) {
    case 'unavailable':
      return {
        ...info,
        text: 'The file could not be fetched: no node that holds it answered. The sender’s node may be offline; try again later.',
      };
    case 'not_found':
      return { ...info, text: 'This message is no longer on this node, so its file cannot be opened.' };
    case 'permission_denied':
      return { ...info, text: 'This account cannot read that message, so its file cannot be opened.' };
    case 'invalid_input':
      return { ...info, text: 'The file this message carries is damaged and cannot be opened.' };
    default:
      return info;
  }
}
