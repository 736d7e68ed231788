import type { ErrorCode } from './api/types';
import { ERROR_CODES } from './api/types';
import { ApiError, toApiError } from './transport/types';

/**
 * What each stable error code means for a person: what happened, and what to do. The
 * node's own message is shown beneath as detail.
 */
export const ERROR_TEXT: Record<ErrorCode, string> = {
  invalid_input: 'Something in what was sent is not right. Check the fields and try again.',
  unknown_method: 'This node does not know that request. The app and the node may be different versions: update Supernet.',
  unauthorized: 'This browser is not signed in to your node. Run “supernet link” on the node’s machine and open the link it prints.',
  permission_denied: 'This is not allowed from here. Use the desktop app or the command line on the node’s machine.',
  not_found: 'That could not be found. It may have been removed or may not have reached this node yet.',
  already_exists: 'This node already has an account. Reload to use it; a node holds one account.',
  locked: 'Your account is locked. Unlock it with your passphrase to continue.',
  wrong_passphrase: 'That passphrase is not right. Check it (capital letters count) and try again.',
  passphrase_required: 'A passphrase is needed for this. Enter your passphrase and try again.',
  keystore_missing: 'This node’s key file is missing. Restore your account from its recovery phrase.',
  keystore_corrupt: 'This node’s key file is damaged and cannot be read. Restore your account from its recovery phrase.',
  invalid_recovery_phrase: 'That recovery phrase is not valid. Check that all 24 words are spelled right and in order.',
  malformed_event: 'Some data was malformed and was refused. Nothing was changed.',
  unknown_version: 'Some data comes from a newer version of Supernet. Update Supernet to read it.',
  oversize: 'That is too large to store. Shorten it and try again.',
  wrong_id: 'Some data did not match its id and was refused. Nothing was changed.',
  bad_signature: 'Some data had a signature that does not check out and was refused.',
  future_timestamp: 'Some data is dated in the future. Check this device’s clock and try again.',
  expired: 'That has expired and is no longer kept.',
  unknown_kind: 'This node does not know that kind of data. Updating Supernet may help.',
  invalid_body: 'The content was refused because it does not follow the rules for its kind. Check it and try again.',
  store_corrupt: 'The node’s database is damaged. Restart Supernet; if it persists, restore from an export.',
  foreign_database: 'The data directory holds a database that is not Supernet’s. Choose another data directory.',
  bad_export_file: 'That file is not a Supernet export, or it is damaged. Nothing was imported.',
  daemon_running: 'Supernet is already running for this data directory. Close the other copy, then try again.',
  unavailable: 'Your node cannot be reached right now. Check that Supernet is running; this will retry.',
  io: 'The node could not read or write its files. Check free disk space and permissions, then try again.',
  quota_exceeded: 'This node has reached its storage limit for that. Free some space, or raise the limit.',
  over_limit: 'That payment is more than your credit allows right now. Pay less, or wait until you have received more.',
  frozen: 'This account or asset is frozen: its owner signed two conflicting operations (a double-spend attempt), so it can no longer change hands.',
  script_failed: 'A mini-app’s script failed: it hit an error or one of its safety limits. The node is fine; try again, and if it keeps happening, tell the app’s author.',
  internal: 'Something went wrong inside the node. Try again; if it keeps happening, restart Supernet.',
};

/** The sentence for a code, including codes a newer node may add. */
export function describeCode(code: string): string {
  return (ERROR_TEXT as Record<string, string>)[code] ?? 'Something went wrong. Try again.';
}

/** What a person is shown for an error. */
export interface ErrorInfo {
  code: string;
  /** What happened and what to do. */
  text: string;
  /** The node's own message, as secondary detail (may be empty). */
  detail: string;
}

/** Describes any thrown value for a person. */
export function describeError(error: unknown): ErrorInfo {
  const e = error instanceof ApiError ? error : toApiError(error, 'internal');
  return { code: e.code, text: describeCode(e.code), detail: e.message };
}

/** Every code the API lists (re-exported for completeness checks). */
export { ERROR_CODES };
