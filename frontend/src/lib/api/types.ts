// DO NOT EDIT: generated from the Rust API types by scripts/gen-api-types.mjs

/**
 * A stable, machine-readable error code, written in `snake_case` on the wire.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ErrorCode".
 */
export type ErrorCode =
  | 'invalid_input'
  | 'unknown_method'
  | 'unauthorized'
  | 'permission_denied'
  | 'not_found'
  | 'already_exists'
  | 'locked'
  | 'wrong_passphrase'
  | 'passphrase_required'
  | 'keystore_missing'
  | 'keystore_corrupt'
  | 'invalid_recovery_phrase'
  | 'malformed_event'
  | 'unknown_version'
  | 'oversize'
  | 'wrong_id'
  | 'bad_signature'
  | 'future_timestamp'
  | 'expired'
  | 'unknown_kind'
  | 'invalid_body'
  | 'store_corrupt'
  | 'foreign_database'
  | 'bad_export_file'
  | 'daemon_running'
  | 'unavailable'
  | 'io'
  | 'quota_exceeded'
  | 'over_limit'
  | 'frozen'
  | 'script_failed'
  | 'internal';
/**
 * An account id: the account's Ed25519 public key as bech32m text (sn1…)
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AccountId".
 */
export type AccountId = string;
/**
 * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "EventId".
 */
export type EventId = string;
/**
 * A currency: "net" (the network's default currency) or the id of a coin.currency event
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "CurrencyId".
 */
export type CurrencyId = string;
/**
 * Something an event points at, by hash or key.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "Ref".
 */
export type Ref =
  | {
      event: EventId;
    }
  | {
      account: AccountId;
    }
  | {
      blob: EventId;
    };
/**
 * A permission: a dotted name such as `social.write`, granted to callers (mini-apps,
 * scoped tokens) and required by methods.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "Permission".
 */
export type Permission = string;
/**
 * Who can read a sealed post.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "Audience".
 */
export type Audience = 'public' | 'followers' | 'list' | 'private';
/**
 * The text formats of the books.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "Format".
 */
export type Format = 'hledger' | 'beancount';
/**
 * The node's identity state, for people.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "State".
 */
export type State = 'none' | 'locked' | 'unlocked';
/**
 * How far apart the points of a series are.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "StepName".
 */
export type StepName = 'day' | 'week' | 'month';
/**
 * Whether a token can still be used.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "TokenState".
 */
export type TokenState = 'active' | 'expired' | 'revoked';
/**
 * A transaction's mark.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "TxnStatus".
 */
export type TxnStatus = 'unmarked' | 'pending' | 'cleared';

/**
 * Every API method: its input and its output.
 */
export interface Methods {
  /**
   * Every API method with its input and output JSON Schema
   */
  'api.methods': {
    input: ApiMethodsInput;
    output: ApiMethodsOutput;
  };
  /**
   * Every permission a method may need, in plain words, and whether it moves money
   */
  'api.permissions': {
    input: ApiPermissionsInput;
    output: ApiPermissionsOutput;
  };
  /**
   * Calls a method on a mini-app's behalf, with only the permissions granted to it (what the app's UI uses); money-moving methods are refused: payments go through the user's confirmation
   */
  'apps.call': {
    input: AppsCallInput;
    output: AppsCallOutput;
  };
  /**
   * Grants or revokes one permission of an installed mini-app (takes effect at once)
   */
  'apps.grant': {
    input: AppsGrantInput;
    output: AppsGrantOutput;
  };
  /**
   * Fetches a mini-app from its link and checks it (signature, files, limits) without installing it: its manifest, publisher, the permissions it asks for in plain words, and whether it updates an installed version
   */
  'apps.inspect': {
    input: AppsInspectInput;
    output: AppsInspectOutput;
  };
  /**
   * Installs a mini-app from its link, or updates it (same publisher only, never to an older version; its data is kept), granting the permissions listed
   */
  'apps.install': {
    input: AppsInstallInput;
    output: AppsInstallOutput;
  };
  /**
   * The installed mini-apps: versions, permissions asked for and granted, status and recent incidents
   */
  'apps.list': {
    input: AppsListInput;
    output: AppsListOutput;
  };
  /**
   * Signs the mini-app in a folder with this node's key and shares it: returns its supernet://app/ link; `install` also installs it here with every permission it asks for
   */
  'apps.publish': {
    input: AppsPublishInput;
    output: AppsPublishOutput;
  };
  /**
   * Lets a suspended mini-app's script run again (after it broke its limits too often)
   */
  'apps.resume': {
    input: AppsResumeInput;
    output: AppsResumeOutput;
  };
  /**
   * Removes a mini-app: stops its script, releases its bundle and deletes its database
   */
  'apps.uninstall': {
    input: AppsUninstallInput;
    output: AppsUninstallOutput;
  };
  /**
   * The assets an account (default this one) owns, as far as this node knows
   */
  'assets.list': {
    input: AssetsListInput;
    output: AssetsListOutput;
  };
  /**
   * Mints a unique asset (name, description, an optional file) owned by this account
   */
  'assets.mint': {
    input: AssetsMintInput;
    output: AssetsMintOutput;
  };
  /**
   * An asset's history: its mint and every change of hands, and why it is frozen if it is
   */
  'assets.provenance': {
    input: AssetsProvenanceInput;
    output: AssetsProvenanceOutput;
  };
  /**
   * Hands one of this account's assets to another account
   */
  'assets.transfer': {
    input: AssetsTransferInput;
    output: AssetsTransferOutput;
  };
  /**
   * Adds a file to this node's store (streamed from disk) and pins it: returns its hash, size and a ticket
   */
  'blobs.add': {
    input: BlobsAddInput;
    output: BlobsAddOutput;
  };
  /**
   * Downloads a file an event refers to, from its author's node or any node that holds it
   */
  'blobs.fetch': {
    input: BlobsFetchInput;
    output: BlobsFetchOutput;
  };
  /**
   * Downloads what a ticket names (verified, resumable), pins it, and writes it to a path when given
   */
  'blobs.get': {
    input: BlobsGetInput;
    output: BlobsGetOutput;
  };
  /**
   * Every file this node keeps, with its size, how much is here, and why it is kept
   */
  'blobs.list': {
    input: BlobsListInput;
    output: BlobsListOutput;
  };
  /**
   * Shares a file or a folder: returns an iroh-blobs ticket and a supernet:// link others can fetch it with
   */
  'blobs.share': {
    input: BlobsShareInput;
    output: BlobsShareOutput;
  };
  /**
   * Storage used by files (per reason and per author), the quota, and transfers with their progress
   */
  'blobs.status': {
    input: BlobsStatusInput;
    output: BlobsStatusOutput;
  };
  /**
   * Releases a file added or received by hand: deleted unless something else keeps it
   */
  'blobs.unpin': {
    input: BlobsUnpinInput;
    output: BlobsUnpinOutput;
  };
  /**
   * Stops sharing: the file or folder is deleted unless something else keeps it
   */
  'blobs.unshare': {
    input: BlobsUnshareInput;
    output: BlobsUnshareOutput;
  };
  /**
   * Adds a member to a group this account created (re-keys it)
   */
  'chat.add_member': {
    input: ChatAddMemberInput;
    output: ChatAddMemberOutput;
  };
  /**
   * This account's conversations, newest activity first (publishes its chat key when needed)
   */
  'chat.conversations': {
    input: ChatConversationsInput;
    output: ChatConversationsOutput;
  };
  /**
   * Creates a group chat with a name, members and an optional message lifetime
   */
  'chat.create_group': {
    input: ChatCreateGroupInput;
    output: ChatCreateGroupOutput;
  };
  /**
   * A conversation's messages, newest first, opened with this account's keys
   */
  'chat.messages': {
    input: ChatMessagesInput;
    output: ChatMessagesOutput;
  };
  /**
   * Opens a file of a message into this node's store (fetching it first when needed), so it can be shown
   */
  'chat.open_file': {
    input: ChatOpenFileInput;
    output: ChatOpenFileOutput;
  };
  /**
   * Marks a conversation's messages as read
   */
  'chat.read': {
    input: ChatReadInput;
    output: ChatReadOutput;
  };
  /**
   * Removes a member from a group this account created; it cannot read what is written after
   */
  'chat.remove_member': {
    input: ChatRemoveMemberInput;
    output: ChatRemoveMemberOutput;
  };
  /**
   * Sends an encrypted message (text and files) to a conversation
   */
  'chat.send': {
    input: ChatSendInput;
    output: ChatSendOutput;
  };
  /**
   * Changes a conversation's default message lifetime or a group's name (re-keys it)
   */
  'chat.settings': {
    input: ChatSettingsInput;
    output: ChatSettingsOutput;
  };
  /**
   * Opens the direct chat with an account (keys it when needed)
   */
  'chat.start': {
    input: ChatStartInput;
    output: ChatStartOutput;
  };
  /**
   * Unread messages in all conversations
   */
  'chat.unread': {
    input: ChatUnreadInput;
    output: ChatUnreadOutput;
  };
  /**
   * An account's currency chain as held here: head, validity, balances, and the proof if it is frozen
   */
  'coin.account': {
    input: CoinAccountInput;
    output: CoinAccountOutput;
  };
  /**
   * This account's balance, credit limit, available credit and pending payments in each currency
   */
  'coin.balances': {
    input: CoinBalancesInput;
    output: CoinBalancesOutput;
  };
  /**
   * Defines a community currency (name, symbol, credit rules, notaries) and joins it
   */
  'coin.create_currency': {
    input: CoinCreateCurrencyInput;
    output: CoinCreateCurrencyOutput;
  };
  /**
   * The network's currency and every community currency known here
   */
  'coin.currencies': {
    input: CoinCurrenciesInput;
    output: CoinCurrenciesOutput;
  };
  /**
   * Joins a community currency known here
   */
  'coin.join': {
    input: CoinJoinInput;
    output: CoinJoinOutput;
  };
  /**
   * Reads a supernet://pay link
   */
  'coin.parse_request': {
    input: CoinParseRequestInput;
    output: CoinParseRequestOutput;
  };
  /**
   * Pays an account: signs a payment that is final once the payee (and the currency's notaries) countersign it
   */
  'coin.pay': {
    input: CoinPayInput;
    output: CoinPayOutput;
  };
  /**
   * A payment request as a supernet://pay link
   */
  'coin.request': {
    input: CoinRequestInput;
    output: CoinRequestOutput;
  };
  /**
   * Payments to and from an account (default this one), newest first, with filters
   */
  'coin.transfers': {
    input: CoinTransfersInput;
    output: CoinTransfersOutput;
  };
  /**
   * Lends part of this account's credit limit to another account
   */
  'coin.vouch': {
    input: CoinVouchInput;
    output: CoinVouchOutput;
  };
  /**
   * Deletes events this node's account wrote, here and on every honest node that holds them (a signed deletion request)
   */
  'events.delete': {
    input: EventsDeleteInput;
    output: EventsDeleteOutput;
  };
  /**
   * Events deleted at their author's request: which, by whom, and when
   */
  'events.deleted': {
    input: EventsDeletedInput;
    output: EventsDeletedOutput;
  };
  /**
   * Writes every stored event to a portable file (absolute path on the node's machine)
   */
  'events.export': {
    input: EventsExportInput;
    output: EventsExportOutput;
  };
  /**
   * One stored event by id, with its wire bytes
   */
  'events.get': {
    input: EventsGetInput;
    output: EventsGetOutput;
  };
  /**
   * Reads an export file into this node: every event is verified, and one bad event refuses the whole file
   */
  'events.import': {
    input: EventsImportInput;
    output: EventsImportOutput;
  };
  /**
   * Stores one event signed elsewhere, after checking it like any event from the network
   */
  'events.ingest': {
    input: EventsIngestInput;
    output: EventsIngestOutput;
  };
  /**
   * Stored events by author, kind and time, newest first, a page at a time
   */
  'events.query': {
    input: EventsQueryInput;
    output: EventsQueryOutput;
  };
  /**
   * Creates this node's account; returns its id and the recovery phrase, shown only this once
   */
  'identity.create': {
    input: IdentityCreateInput;
    output: IdentityCreateOutput;
  };
  /**
   * This node's account: whether there is one, its id and name, whether the key is unlocked
   */
  'identity.get': {
    input: IdentityGetInput;
    output: IdentityGetOutput;
  };
  /**
   * Forgets the unlocked key until the passphrase is given again
   */
  'identity.lock': {
    input: IdentityLockInput;
    output: IdentityLockOutput;
  };
  /**
   * Restores this node's account from its 24-word recovery phrase
   */
  'identity.recover': {
    input: IdentityRecoverInput;
    output: IdentityRecoverOutput;
  };
  /**
   * Unlocks the account key with its passphrase, so the node can sign
   */
  'identity.unlock': {
    input: IdentityUnlockInput;
    output: IdentityUnlockOutput;
  };
  /**
   * Every account with its type and balance
   */
  'ledger.accounts': {
    input: LedgerAccountsInput;
    output: LedgerAccountsOutput;
  };
  /**
   * Adds a transaction; its postings must balance (one may leave its amount out to have it inferred)
   */
  'ledger.add': {
    input: LedgerAddInput;
    output: LedgerAddOutput;
  };
  /**
   * Assets, liabilities and equity as account trees with totals, and net worth, at a date (optionally converted into one commodity)
   */
  'ledger.balance_sheet': {
    input: LedgerBalanceSheetInput;
    output: LedgerBalanceSheetOutput;
  };
  /**
   * Balance assertions that do not hold (after entries recorded by the wallet)
   */
  'ledger.check': {
    input: LedgerCheckInput;
    output: LedgerCheckOutput;
  };
  /**
   * Deletes a transaction (refused when that would make a balance assertion fail)
   */
  'ledger.delete': {
    input: LedgerDeleteInput;
    output: LedgerDeleteOutput;
  };
  /**
   * The books as an hledger journal or a beancount file
   */
  'ledger.export': {
    input: LedgerExportInput;
    output: LedgerExportOutput;
  };
  /**
   * Imports an hledger journal or a beancount file, all or nothing; errors name the line
   */
  'ledger.import': {
    input: LedgerImportInput;
    output: LedgerImportOutput;
  };
  /**
   * Income and expenses over a period as account trees with totals, and the net
   */
  'ledger.income_statement': {
    input: LedgerIncomeStatementInput;
    output: LedgerIncomeStatementOutput;
  };
  /**
   * Net worth at the end of each day, week or month of a period, for a chart
   */
  'ledger.net_worth': {
    input: LedgerNetWorthInput;
    output: LedgerNetWorthOutput;
  };
  /**
   * Market prices, by commodity and date
   */
  'ledger.prices': {
    input: LedgerPricesInput;
    output: LedgerPricesOutput;
  };
  /**
   * An account's postings with its running balance, newest first, a page at a time
   */
  'ledger.register': {
    input: LedgerRegisterInput;
    output: LedgerRegisterOutput;
  };
  /**
   * Sets a commodity's market price on a day
   */
  'ledger.set_price': {
    input: LedgerSetPriceInput;
    output: LedgerSetPriceOutput;
  };
  /**
   * This account's other devices (nodes restored from the same key) this node has met, and whether each is connected
   */
  'net.devices': {
    input: NetDevicesInput;
    output: NetDevicesOutput;
  };
  /**
   * Links another device of this account by its ticket: the two connect and keep the account's events, its private books included, the same
   */
  'net.link_device': {
    input: NetLinkDeviceInput;
    output: NetLinkDeviceOutput;
  };
  /**
   * The peers this node is connected to, and how many it has banned
   */
  'net.peers': {
    input: NetPeersInput;
    output: NetPeersOutput;
  };
  /**
   * Makes this device the one that signs its account's payments and asset transfers (or stops it): one device of an account at a time
   */
  'net.set_paying': {
    input: NetSetPayingInput;
    output: NetSetPayingOutput;
  };
  /**
   * This node's contact card: a ticket (text, supernet:// link, QR code) another node follows it with
   */
  'net.ticket': {
    input: NetTicketInput;
    output: NetTicketOutput;
  };
  /**
   * What this node is: version, account, apps, storage
   */
  'node.info': {
    input: NodeInfoInput;
    output: NodeInfoOutput;
  };
  /**
   * Blocks an account: its events are deleted here and never stored, served or relayed again
   */
  'social.block': {
    input: SocialBlockInput;
    output: SocialBlockOutput;
  };
  /**
   * Deletes one of this account's posts here and on every honest node that holds it
   */
  'social.delete': {
    input: SocialDeleteInput;
    output: SocialDeleteOutput;
  };
  /**
   * Changes one of this account's posts (earlier versions stay in its history)
   */
  'social.edit': {
    input: SocialEditInput;
    output: SocialEditOutput;
  };
  /**
   * Posts stored here (or one author's), newest first, a page at a time
   */
  'social.feed': {
    input: SocialFeedInput;
    output: SocialFeedOutput;
  };
  /**
   * Follows an account (by ticket, or by account id found through the network): its posts come to this node
   */
  'social.follow': {
    input: SocialFollowInput;
    output: SocialFollowOutput;
  };
  /**
   * Uses an account's reports as a block list here (follows it to receive them)
   */
  'social.follow_list': {
    input: SocialFollowListInput;
    output: SocialFollowListOutput;
  };
  /**
   * The accounts known to follow this node's account
   */
  'social.followers': {
    input: SocialFollowersInput;
    output: SocialFollowersOutput;
  };
  /**
   * The accounts this node's account follows
   */
  'social.following': {
    input: SocialFollowingInput;
    output: SocialFollowingOutput;
  };
  /**
   * Hides (or shows again) a comment in a thread this account started
   */
  'social.hide_reply': {
    input: SocialHideReplyInput;
    output: SocialHideReplyOutput;
  };
  /**
   * Every version of a post, the original first
   */
  'social.history': {
    input: SocialHistoryInput;
    output: SocialHistoryOutput;
  };
  /**
   * What this node blocks, mutes and hides (with the hidden replies still stored)
   */
  'social.moderation': {
    input: SocialModerationInput;
    output: SocialModerationOutput;
  };
  /**
   * Hides an account's posts from every view here (still stored and relayed)
   */
  'social.mute': {
    input: SocialMuteInput;
    output: SocialMuteOutput;
  };
  /**
   * Hides posts containing a word or phrase, or a #hashtag
   */
  'social.mute_word': {
    input: SocialMuteWordInput;
    output: SocialMuteWordOutput;
  };
  /**
   * Replies, mentions, quotes, reactions and new followers, newest first, with the unread count
   */
  'social.notifications': {
    input: SocialNotificationsInput;
    output: SocialNotificationsOutput;
  };
  /**
   * Marks every notification as read
   */
  'social.notifications_seen': {
    input: SocialNotificationsSeenInput;
    output: SocialNotificationsSeenOutput;
  };
  /**
   * Publishes a post, blog post (with a title), comment (reply_to) or quote/repost (quote) as this node's account
   */
  'social.post': {
    input: SocialPostInput;
    output: SocialPostOutput;
  };
  /**
   * An account's profile (default: this node's), whether it is followed, blocked or hidden
   */
  'social.profile': {
    input: SocialProfileInput;
    output: SocialProfileOutput;
  };
  /**
   * Reacts to a post with an emoji
   */
  'social.react': {
    input: SocialReactInput;
    output: SocialReactOutput;
  };
  /**
   * Reports an account (and a post that shows why) in a signed event; blocks it here unless told not to
   */
  'social.report': {
    input: SocialReportInput;
    output: SocialReportOutput;
  };
  /**
   * Full-text search over every post and comment stored here (sealed posts too, when this account can open them), newest first
   */
  'social.search': {
    input: SocialSearchInput;
    output: SocialSearchOutput;
  };
  /**
   * Publishes this account's name, bio, avatar and links
   */
  'social.set_profile': {
    input: SocialSetProfileInput;
    output: SocialSetProfileOutput;
  };
  /**
   * Posts with a hashtag, newest first
   */
  'social.tag': {
    input: SocialTagInput;
    output: SocialTagOutput;
  };
  /**
   * A post and its comments (oldest first), with what was deleted and when, and the comments this node's user hid
   */
  'social.thread': {
    input: SocialThreadInput;
    output: SocialThreadOutput;
  };
  /**
   * The home timeline: posts by this account and the accounts it follows, newest first
   */
  'social.timeline': {
    input: SocialTimelineInput;
    output: SocialTimelineOutput;
  };
  /**
   * Ends a block
   */
  'social.unblock': {
    input: SocialUnblockInput;
    output: SocialUnblockOutput;
  };
  /**
   * Stops following an account
   */
  'social.unfollow': {
    input: SocialUnfollowInput;
    output: SocialUnfollowOutput;
  };
  /**
   * Stops using an account's reports as a block list
   */
  'social.unfollow_list': {
    input: SocialUnfollowListInput;
    output: SocialUnfollowListOutput;
  };
  /**
   * Ends a mute
   */
  'social.unmute': {
    input: SocialUnmuteInput;
    output: SocialUnmuteOutput;
  };
  /**
   * Ends a word or hashtag mute
   */
  'social.unmute_word': {
    input: SocialUnmuteWordInput;
    output: SocialUnmuteWordOutput;
  };
  /**
   * Withdraws a reaction
   */
  'social.unreact': {
    input: SocialUnreactInput;
    output: SocialUnreactOutput;
  };
  /**
   * How many notifications are unread
   */
  'social.unread': {
    input: SocialUnreadInput;
    output: SocialUnreadOutput;
  };
  /**
   * Per followed author: events held here, last sync, newest event
   */
  'sync.status': {
    input: SyncStatusInput;
    output: SyncStatusOutput;
  };
  /**
   * Mints an access token for a program: it carries only the permissions given, until it expires or is revoked; the token is shown this once
   */
  'tokens.create': {
    input: TokensCreateInput;
    output: TokensCreateOutput;
  };
  /**
   * Every access token: its name, id, permissions, when it was made, when it expires and when it was last used (never the token)
   */
  'tokens.list': {
    input: TokensListInput;
    output: TokensListOutput;
  };
  /**
   * Revokes an access token: it stops working at once
   */
  'tokens.revoke': {
    input: TokensRevokeInput;
    output: TokensRevokeOutput;
  };
}
/**
 * No input.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ApiMethodsInput".
 */
export interface ApiMethodsInput {}
/**
 * Output of `api.methods`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ApiMethodsOutput".
 */
export interface ApiMethodsOutput {
  /**
   * Version of the application contract.
   */
  contract_version: number;
  /**
   * Every error code a method may return.
   */
  error_codes: ErrorCode[];
  /**
   * Every method, sorted by name.
   */
  methods: MethodInfo[];
}
/**
 * One method, as `api.methods` describes it.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "MethodInfo".
 */
export interface MethodInfo {
  /**
   * What it does.
   */
  description: string;
  /**
   * JSON Schema of its input.
   */
  input: {
    [k: string]: unknown | undefined;
  };
  /**
   * Dotted name.
   */
  name: string;
  /**
   * JSON Schema of its output.
   */
  output: {
    [k: string]: unknown | undefined;
  };
  /**
   * Permission a caller needs.
   */
  permission: string;
  /**
   * Whether it signs with the node's key.
   */
  signs: boolean;
}
/**
 * No input.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ApiPermissionsInput".
 */
export interface ApiPermissionsInput {}
/**
 * Output of `api.permissions`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ApiPermissionsOutput".
 */
export interface ApiPermissionsOutput {
  /**
   * Every permission, with what it lets the holder do.
   */
  permissions: PermissionInfo[];
}
/**
 * One permission, described for a person deciding whether to grant it (at an app's
 * install, when minting a scoped token).
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "PermissionInfo".
 */
export interface PermissionInfo {
  /**
   * What it lets the holder do, in plain words.
   */
  description: string;
  /**
   * Whether an app or a scoped token may be given it (false: the owner's alone).
   */
  grantable: boolean;
  /**
   * Whether it moves money or assets: an app never gets it without the user confirming
   * each payment, and the UI shows it apart.
   */
  money: boolean;
  /**
   * Its name, e.g. `social.read` (`app.<id>` for the family of mini-app permissions).
   */
  name: string;
}
/**
 * Input of `apps.call`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AppsCallInput".
 */
export interface AppsCallInput {
  /**
   * The app on whose behalf the call is made.
   */
  app: string;
  /**
   * Its input.
   */
  input?: {
    [k: string]: unknown | undefined;
  };
  /**
   * The method (a kernel method, or one of the app's own `app.<id>.<name>`).
   */
  method: string;
}
/**
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AppsCallOutput".
 */
export interface AppsCallOutput {
  [k: string]: unknown | undefined;
}
/**
 * Input of `apps.grant`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AppsGrantInput".
 */
export interface AppsGrantInput {
  /**
   * Grant (true) or revoke (false).
   */
  granted: boolean;
  /**
   * The app's id.
   */
  id: string;
  /**
   * One of the permissions it asks for.
   */
  permission: string;
}
/**
 * An installed app, as `apps.list` shows it.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AppsGrantOutput".
 */
export interface AppsGrantOutput {
  /**
   * What it is for.
   */
  description: string;
  /**
   * Installed from a folder under development (`supernet app dev`).
   */
  dev: boolean;
  /**
   * The permissions granted to it.
   */
  granted: string[];
  /**
   * Whether it has a node-side script.
   */
  has_script: boolean;
  /**
   * Its bundle's hash.
   */
  hash: string;
  /**
   * Where the gateway serves its icon.
   */
  icon_url?: string | null;
  /**
   * Its id.
   */
  id: string;
  /**
   * Recent problems it caused, oldest first.
   */
  incidents: IncidentView[];
  /**
   * When it was installed or last updated (ms).
   */
  installed_at: number;
  /**
   * The event kinds it defines (full names).
   */
  kinds: string[];
  /**
   * Its name.
   */
  name: string;
  /**
   * Who published it.
   */
  publisher: string;
  /**
   * The permissions it asks for.
   */
  requested: PermissionView[];
  /**
   * `running`, `stopped`, `suspended` or `no_script`.
   */
  status: string;
  /**
   * Where the gateway serves its UI.
   */
  ui_url: string;
  /**
   * Its version.
   */
  version: string;
}
/**
 * One incident, in an [`AppView`].
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "IncidentView".
 */
export interface IncidentView {
  /**
   * When (ms since the epoch).
   */
  at: number;
  /**
   * What happened.
   */
  what: string;
}
/**
 * A permission an app asks for, described for the person deciding.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "PermissionView".
 */
export interface PermissionView {
  /**
   * What it lets the app do, in plain words.
   */
  description: string;
  /**
   * Whether it can be granted to an app at all.
   */
  grantable: boolean;
  /**
   * Whether it moves money (an app never uses it without the user's confirmation).
   */
  money: boolean;
  /**
   * Its name (`social.read`).
   */
  name: string;
}
/**
 * Input of `apps.inspect`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AppsInspectInput".
 */
export interface AppsInspectInput {
  /**
   * The app's link (`supernet://app/…`) or its bundle's ticket.
   */
  link: string;
}
/**
 * Output of `apps.inspect`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AppsInspectOutput".
 */
export interface AppsInspectOutput {
  app: AppManifest;
  /**
   * The version installed here, if any.
   */
  installed?: InstalledVersion | null;
  /**
   * The permissions it asks for, in plain words.
   */
  permissions: PermissionView[];
  /**
   * Who signed it.
   */
  publisher: string;
  /**
   * The publisher's name, when this node knows their profile.
   */
  publisher_name?: string | null;
  /**
   * Whether installing it updates an installed version.
   */
  update: boolean;
}
/**
 * The app's signed manifest.
 */
export interface AppManifest {
  /**
   * What it is for.
   */
  description: string;
  /**
   * Every file of the bundle, by path (empty in `supernet-app.json`).
   */
  files: {
    [k: string]: FileEntry | undefined;
  };
  /**
   * Its icon (a file of the bundle).
   */
  icon?: string | null;
  /**
   * `[a-z][a-z0-9-]{1,31}`: its namespace `app.<id>`.
   */
  id: string;
  /**
   * The event kinds it defines (`app.<id>.<name>`).
   */
  kinds: KindDecl[];
  /**
   * Its name for people.
   */
  name: string;
  /**
   * The permissions it asks for.
   */
  permissions: string[];
  /**
   * Its node-side script (a file of the bundle).
   */
  script?: string | null;
  /**
   * The page its UI opens with (a file of the bundle).
   */
  ui: string;
  /**
   * `MAJOR.MINOR.PATCH`.
   */
  version: string;
}
/**
 * One file of a bundle.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "FileEntry".
 */
export interface FileEntry {
  /**
   * BLAKE3 hash, 64 lowercase hex digits.
   */
  hash: string;
  /**
   * Size in bytes.
   */
  size: number;
}
/**
 * An event kind an app declares.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "KindDecl".
 */
export interface KindDecl {
  /**
   * What an event of this kind means, for people.
   */
  description: string;
  /**
   * The name after `app.<id>.`.
   */
  name: string;
}
/**
 * An installed version, in `apps.inspect`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "InstalledVersion".
 */
export interface InstalledVersion {
  /**
   * Its publisher.
   */
  publisher: string;
  /**
   * Its version.
   */
  version: string;
}
/**
 * Input of `apps.install`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AppsInstallInput".
 */
export interface AppsInstallInput {
  /**
   * The permissions granted (each among those it asks for). Default: none for a new
   * app; for an update, those granted before that it still asks for.
   */
  grant?: string[] | null;
  /**
   * The app's link (`supernet://app/…`) or its bundle's ticket.
   */
  link: string;
}
/**
 * An installed app, as `apps.list` shows it.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AppsInstallOutput".
 */
export interface AppsInstallOutput {
  /**
   * What it is for.
   */
  description: string;
  /**
   * Installed from a folder under development (`supernet app dev`).
   */
  dev: boolean;
  /**
   * The permissions granted to it.
   */
  granted: string[];
  /**
   * Whether it has a node-side script.
   */
  has_script: boolean;
  /**
   * Its bundle's hash.
   */
  hash: string;
  /**
   * Where the gateway serves its icon.
   */
  icon_url?: string | null;
  /**
   * Its id.
   */
  id: string;
  /**
   * Recent problems it caused, oldest first.
   */
  incidents: IncidentView[];
  /**
   * When it was installed or last updated (ms).
   */
  installed_at: number;
  /**
   * The event kinds it defines (full names).
   */
  kinds: string[];
  /**
   * Its name.
   */
  name: string;
  /**
   * Who published it.
   */
  publisher: string;
  /**
   * The permissions it asks for.
   */
  requested: PermissionView[];
  /**
   * `running`, `stopped`, `suspended` or `no_script`.
   */
  status: string;
  /**
   * Where the gateway serves its UI.
   */
  ui_url: string;
  /**
   * Its version.
   */
  version: string;
}
/**
 * No input.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AppsListInput".
 */
export interface AppsListInput {}
/**
 * Output of `apps.list`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AppsListOutput".
 */
export interface AppsListOutput {
  /**
   * Every installed app, by id.
   */
  apps: AppView[];
}
/**
 * An installed app, as `apps.list` shows it.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AppView".
 */
export interface AppView {
  /**
   * What it is for.
   */
  description: string;
  /**
   * Installed from a folder under development (`supernet app dev`).
   */
  dev: boolean;
  /**
   * The permissions granted to it.
   */
  granted: string[];
  /**
   * Whether it has a node-side script.
   */
  has_script: boolean;
  /**
   * Its bundle's hash.
   */
  hash: string;
  /**
   * Where the gateway serves its icon.
   */
  icon_url?: string | null;
  /**
   * Its id.
   */
  id: string;
  /**
   * Recent problems it caused, oldest first.
   */
  incidents: IncidentView[];
  /**
   * When it was installed or last updated (ms).
   */
  installed_at: number;
  /**
   * The event kinds it defines (full names).
   */
  kinds: string[];
  /**
   * Its name.
   */
  name: string;
  /**
   * Who published it.
   */
  publisher: string;
  /**
   * The permissions it asks for.
   */
  requested: PermissionView[];
  /**
   * `running`, `stopped`, `suspended` or `no_script`.
   */
  status: string;
  /**
   * Where the gateway serves its UI.
   */
  ui_url: string;
  /**
   * Its version.
   */
  version: string;
}
/**
 * Input of `apps.publish`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AppsPublishInput".
 */
export interface AppsPublishInput {
  /**
   * Absolute path of the app's folder (holding its supernet-app.json).
   */
  dir: string;
  /**
   * Also install it here, with every permission it asks for granted (for development).
   */
  install?: boolean;
}
/**
 * Output of `apps.publish`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AppsPublishOutput".
 */
export interface AppsPublishOutput {
  /**
   * Its bundle's hash.
   */
  hash: string;
  /**
   * The app's id.
   */
  id: string;
  /**
   * The link to share: `supernet://app/<ticket>`.
   */
  link: string;
  /**
   * An iroh-blobs ticket of the bundle.
   */
  ticket: string;
  /**
   * Its version.
   */
  version: string;
}
/**
 * Input naming an installed app.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AppsResumeInput".
 */
export interface AppsResumeInput {
  /**
   * The app's id.
   */
  id: string;
}
/**
 * An installed app, as `apps.list` shows it.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AppsResumeOutput".
 */
export interface AppsResumeOutput {
  /**
   * What it is for.
   */
  description: string;
  /**
   * Installed from a folder under development (`supernet app dev`).
   */
  dev: boolean;
  /**
   * The permissions granted to it.
   */
  granted: string[];
  /**
   * Whether it has a node-side script.
   */
  has_script: boolean;
  /**
   * Its bundle's hash.
   */
  hash: string;
  /**
   * Where the gateway serves its icon.
   */
  icon_url?: string | null;
  /**
   * Its id.
   */
  id: string;
  /**
   * Recent problems it caused, oldest first.
   */
  incidents: IncidentView[];
  /**
   * When it was installed or last updated (ms).
   */
  installed_at: number;
  /**
   * The event kinds it defines (full names).
   */
  kinds: string[];
  /**
   * Its name.
   */
  name: string;
  /**
   * Who published it.
   */
  publisher: string;
  /**
   * The permissions it asks for.
   */
  requested: PermissionView[];
  /**
   * `running`, `stopped`, `suspended` or `no_script`.
   */
  status: string;
  /**
   * Where the gateway serves its UI.
   */
  ui_url: string;
  /**
   * Its version.
   */
  version: string;
}
/**
 * Input naming an installed app.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AppsUninstallInput".
 */
export interface AppsUninstallInput {
  /**
   * The app's id.
   */
  id: string;
}
/**
 * Output of `apps.uninstall`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AppsUninstallOutput".
 */
export interface AppsUninstallOutput {}
/**
 * Input of `assets.list`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AssetsListInput".
 */
export interface AssetsListInput {
  /**
   * Whose (default: this node's account).
   */
  owner?: AccountId | null;
}
/**
 * Output of `assets.list`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AssetsListOutput".
 */
export interface AssetsListOutput {
  /**
   * Newest minted first.
   */
  assets: AssetView[];
}
/**
 * An asset as the API shows it.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AssetView".
 */
export interface AssetView {
  /**
   * What it is.
   */
  description: string;
  /**
   * Its file.
   */
  file?: Attachment | null;
  /**
   * Why it is frozen, if it is.
   */
  frozen?: AssetFreeze | null;
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  head: string;
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  id: string;
  /**
   * When.
   */
  minted_at: number;
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  minter: string;
  /**
   * What it is called.
   */
  name: string;
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  owner: string;
  /**
   * Transfers so far.
   */
  transfers: number;
}
/**
 * One file an event refers to.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "Attachment".
 */
export interface Attachment {
  /**
   * BLAKE3 hash of the content, 64 lowercase hexadecimal digits.
   */
  hash: string;
  /**
   * Media type, such as `image/png` or `video/mp4`.
   */
  mime: string;
  /**
   * File name, without any folder.
   */
  name: string;
  /**
   * Size in bytes.
   */
  size: number;
  /**
   * Hash of a small JPEG preview (images), when there is one.
   */
  thumb?: string | null;
}
/**
 * Why an asset is frozen.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AssetFreeze".
 */
export interface AssetFreeze {
  /**
   * One transfer.
   */
  a: string;
  /**
   * The other.
   */
  b: string;
  /**
   * The state both transfers move from.
   */
  prev: string;
  /**
   * The `assets.fork` proof, once there is one.
   */
  proof?: EventId | null;
  /**
   * Why, in words.
   */
  reason: string;
}
/**
 * Input of `assets.mint`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AssetsMintInput".
 */
export interface AssetsMintInput {
  /**
   * What it is.
   */
  description?: string;
  /**
   * A file that goes with it.
   */
  file?: FileInput | null;
  /**
   * What it is called.
   */
  name: string;
}
/**
 * A file for a new asset: one added to this node's store.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "FileInput".
 */
export interface FileInput {
  /**
   * Its hash, as `blobs.add` returned it.
   */
  hash: string;
  /**
   * Media type (default: guessed from the name).
   */
  mime?: string | null;
  /**
   * File name to show (default: the name it was added with).
   */
  name?: string | null;
}
/**
 * An asset as the API shows it.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AssetsMintOutput".
 */
export interface AssetsMintOutput {
  /**
   * What it is.
   */
  description: string;
  /**
   * Its file.
   */
  file?: Attachment | null;
  /**
   * Why it is frozen, if it is.
   */
  frozen?: AssetFreeze | null;
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  head: string;
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  id: string;
  /**
   * When.
   */
  minted_at: number;
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  minter: string;
  /**
   * What it is called.
   */
  name: string;
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  owner: string;
  /**
   * Transfers so far.
   */
  transfers: number;
}
/**
 * Input of `assets.provenance`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AssetsProvenanceInput".
 */
export interface AssetsProvenanceInput {
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  asset: string;
}
/**
 * Output of `assets.provenance`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AssetsProvenanceOutput".
 */
export interface AssetsProvenanceOutput {
  asset: AssetView1;
  /**
   * Every change of hands from the mint on, oldest first.
   */
  history: Step[];
  /**
   * Transfers stored here that are not part of its history (signed by someone who did
   * not own it, or after a fork).
   */
  stray: number;
}
/**
 * An asset as the API shows it.
 */
export interface AssetView1 {
  /**
   * What it is.
   */
  description: string;
  /**
   * Its file.
   */
  file?: Attachment | null;
  /**
   * Why it is frozen, if it is.
   */
  frozen?: AssetFreeze | null;
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  head: string;
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  id: string;
  /**
   * When.
   */
  minted_at: number;
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  minter: string;
  /**
   * What it is called.
   */
  name: string;
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  owner: string;
  /**
   * Transfers so far.
   */
  transfers: number;
}
/**
 * One change of hands.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "Step".
 */
export interface Step {
  /**
   * When.
   */
  at: number;
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  from: string;
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  id: string;
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  to: string;
}
/**
 * Input of `assets.transfer`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AssetsTransferInput".
 */
export interface AssetsTransferInput {
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  asset: string;
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  to: string;
}
/**
 * An asset as the API shows it.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AssetsTransferOutput".
 */
export interface AssetsTransferOutput {
  /**
   * What it is.
   */
  description: string;
  /**
   * Its file.
   */
  file?: Attachment | null;
  /**
   * Why it is frozen, if it is.
   */
  frozen?: AssetFreeze | null;
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  head: string;
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  id: string;
  /**
   * When.
   */
  minted_at: number;
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  minter: string;
  /**
   * What it is called.
   */
  name: string;
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  owner: string;
  /**
   * Transfers so far.
   */
  transfers: number;
}
/**
 * Input of `blobs.add`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "BlobsAddInput".
 */
export interface BlobsAddInput {
  /**
   * Media type (default: guessed from the name).
   */
  mime?: string | null;
  /**
   * Name to show (default: the file's name).
   */
  name?: string | null;
  /**
   * Absolute path of the file.
   */
  path: string;
}
/**
 * A file in the store, as `blobs.add` and uploads return it.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "BlobsAddOutput".
 */
export interface BlobsAddOutput {
  /**
   * BLAKE3 hash (64 hex digits): what events and tickets name it by.
   */
  hash: string;
  /**
   * The ticket as a `supernet://blob/…` link.
   */
  link: string;
  /**
   * Media type.
   */
  mime: string;
  /**
   * File name.
   */
  name: string;
  /**
   * Size in bytes.
   */
  size: number;
  /**
   * Hash of its thumbnail (images bigger than one).
   */
  thumb?: string | null;
  /**
   * A standard iroh-blobs ticket anyone can fetch it with from this node.
   */
  ticket: string;
}
/**
 * Input of `blobs.fetch`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "BlobsFetchInput".
 */
export interface BlobsFetchInput {
  /**
   * The account whose event refers to it: its node is asked first.
   */
  author?: AccountId | null;
  /**
   * The file's hash.
   */
  hash: string;
}
/**
 * Output of `blobs.fetch`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "BlobsFetchOutput".
 */
export interface BlobsFetchOutput {
  /**
   * The hash.
   */
  hash: string;
  /**
   * Its size.
   */
  size: number;
}
/**
 * Input of `blobs.get`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "BlobsGetInput".
 */
export interface BlobsGetInput {
  /**
   * Where to write it (absolute): a file path, or a folder for a shared folder.
   */
  path?: string | null;
  /**
   * An iroh-blobs ticket (`blob…`) or `supernet://blob/…` link.
   */
  ticket: string;
}
/**
 * Output of `blobs.get`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "BlobsGetOutput".
 */
export interface BlobsGetOutput {
  /**
   * The files.
   */
  files: ReceivedFile[];
  /**
   * Whether it was a folder.
   */
  folder: boolean;
  /**
   * The hash in the ticket.
   */
  hash: string;
  /**
   * Where they were written, when a path was given.
   */
  path?: string | null;
  /**
   * Bytes that were already here from an earlier, interrupted try (not sent again).
   */
  resumed: number;
}
/**
 * One file received by `blobs.get`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ReceivedFile".
 */
export interface ReceivedFile {
  /**
   * Its hash.
   */
  hash: string;
  /**
   * Its name in the folder (or the hash for a single file).
   */
  name: string;
  /**
   * Its size.
   */
  size: number;
}
/**
 * No input.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "BlobsListInput".
 */
export interface BlobsListInput {}
/**
 * Output of `blobs.list`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "BlobsListOutput".
 */
export interface BlobsListOutput {
  /**
   * Every kept blob, biggest first.
   */
  blobs: BlobEntry[];
}
/**
 * A blob in the store, in `blobs.list`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "BlobEntry".
 */
export interface BlobEntry {
  /**
   * Whether all of it is here.
   */
  complete: boolean;
  /**
   * Its hash.
   */
  hash: string;
  /**
   * Bytes of it stored here.
   */
  have: number;
  /**
   * Why it is kept.
   */
  reasons: Reason[];
  /**
   * Its size, once known.
   */
  size?: number | null;
}
/**
 * Why a blob is kept.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "Reason".
 */
export interface Reason {
  /**
   * The event's author, for `event`.
   */
  author?: string | null;
  /**
   * The event id, for `event`.
   */
  event?: string | null;
  /**
   * `event` (an event refers to it), `share`, `pin`, `thumbnail` or `app` (an installed mini-app's bundle).
   */
  kind: string;
}
/**
 * Input of `blobs.share`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "BlobsShareInput".
 */
export interface BlobsShareInput {
  /**
   * Absolute path of a file or folder.
   */
  path: string;
}
/**
 * A shared file or folder, as `blobs.share` returns it.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "BlobsShareOutput".
 */
export interface BlobsShareOutput {
  /**
   * Files in it (1 for a file).
   */
  files: number;
  /**
   * Whether it is a folder.
   */
  folder: boolean;
  /**
   * Hash of the file, or of the folder's listing.
   */
  hash: string;
  /**
   * The ticket as a `supernet://blob/…` link.
   */
  link: string;
  /**
   * Bytes in all.
   */
  size: number;
  /**
   * A standard iroh-blobs ticket.
   */
  ticket: string;
}
/**
 * No input.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "BlobsStatusInput".
 */
export interface BlobsStatusInput {}
/**
 * Output of `blobs.status`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "BlobsStatusOutput".
 */
export interface BlobsStatusOutput {
  /**
   * Event files per author, biggest first.
   */
  by_author: AuthorUsage[];
  /**
   * This node's file-layer endpoint id.
   */
  endpoint: string;
  /**
   * Bytes kept because events refer to them.
   */
  events: number;
  /**
   * Bytes kept because they are pinned (added or received by hand).
   */
  pins: number;
  /**
   * The storage quota for files.
   */
  quota: number;
  /**
   * Bytes kept because they are shared.
   */
  shares: number;
  /**
   * Transfers running now and the last few ended.
   */
  transfers: Transfer[];
  /**
   * Bytes stored for all kept blobs.
   */
  used: number;
}
/**
 * Bytes kept for one account's events.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AuthorUsage".
 */
export interface AuthorUsage {
  /**
   * The account.
   */
  author: string;
  /**
   * Bytes of files its events refer to, stored here.
   */
  bytes: number;
  /**
   * How many files.
   */
  files: number;
}
/**
 * Where a file transfer stands, in a [`Notice`] and in `blobs.status`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "Transfer".
 */
export interface Transfer {
  /**
   * Bytes done so far (including any already here when it began).
   */
  bytes: number;
  /**
   * `add` (a file going into the store) or `download`.
   */
  direction: string;
  /**
   * Whether it has ended.
   */
  done: boolean;
  /**
   * Nodes dropped: unreachable, without the data, or sending data that failed
   * verification.
   */
  dropped?: string[];
  /**
   * Why it failed, if it did.
   */
  error?: string | null;
  /**
   * The blob's hash.
   */
  hash: string;
  /**
   * The file's name, when known.
   */
  name?: string | null;
  /**
   * Nodes asked for it (endpoint ids), in order.
   */
  providers?: string[];
  /**
   * Recent rate, bytes per second.
   */
  rate: number;
  /**
   * Bytes already here when it began: a resumed download asks only for the rest.
   */
  resumed?: number;
  /**
   * Total bytes, once known.
   */
  size?: number | null;
  /**
   * When it started (ms since the epoch).
   */
  started_at: number;
}
/**
 * Input naming one blob.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "BlobsUnpinInput".
 */
export interface BlobsUnpinInput {
  /**
   * Its hash (64 hex digits).
   */
  hash: string;
}
/**
 * Whether a release removed anything.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "BlobsUnpinOutput".
 */
export interface BlobsUnpinOutput {
  /**
   * True when the blob was kept for this reason until now.
   */
  removed: boolean;
}
/**
 * Input naming one blob.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "BlobsUnshareInput".
 */
export interface BlobsUnshareInput {
  /**
   * Its hash (64 hex digits).
   */
  hash: string;
}
/**
 * Whether a release removed anything.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "BlobsUnshareOutput".
 */
export interface BlobsUnshareOutput {
  /**
   * True when the blob was kept for this reason until now.
   */
  removed: boolean;
}
/**
 * Input of `chat.add_member` and `chat.remove_member`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ChatAddMemberInput".
 */
export interface ChatAddMemberInput {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  account: string;
  /**
   * The conversation.
   */
  conv: string;
}
/**
 * A conversation in the list.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ChatAddMemberOutput".
 */
export interface ChatAddMemberOutput {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  admin: string;
  /**
   * Its id (hex).
   */
  conv: string;
  /**
   * A group (else a direct chat).
   */
  group: boolean;
  /**
   * The newest message.
   */
  last?: MessageView | null;
  /**
   * Whether this account is still a member.
   */
  member: boolean;
  /**
   * Members now.
   */
  members: MemberView[];
  /**
   * The group's name.
   */
  name?: string | null;
  /**
   * Default lifetime of new messages, in ms.
   */
  ttl?: number | null;
  /**
   * Messages by others not read yet.
   */
  unread: number;
}
/**
 * A message as a member reads it.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "MessageView".
 */
export interface MessageView {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  author: string;
  /**
   * Their name.
   */
  author_name?: string | null;
  /**
   * When.
   */
  created_at: number;
  /**
   * When every honest node deletes it.
   */
  expires_at?: number | null;
  /**
   * Its files, when this account can read it.
   */
  files?: ChatFile[];
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  id: string;
  /**
   * The text, when this account can read it.
   */
  text?: string | null;
  /**
   * Why it cannot be read here (sent under a key this account was not given).
   */
  unreadable?: string | null;
}
/**
 * A file in a message, as a member sees it.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ChatFile".
 */
export interface ChatFile {
  file: Attachment1;
  /**
   * Whether it is opened in this node's store; until then `chat.open_file` opens it.
   */
  ready: boolean;
  /**
   * The sealed file the message carries (its hash): what downloads before it opens.
   */
  sealed: string;
}
/**
 * One file an event refers to.
 */
export interface Attachment1 {
  /**
   * BLAKE3 hash of the content, 64 lowercase hexadecimal digits.
   */
  hash: string;
  /**
   * Media type, such as `image/png` or `video/mp4`.
   */
  mime: string;
  /**
   * File name, without any folder.
   */
  name: string;
  /**
   * Size in bytes.
   */
  size: number;
  /**
   * Hash of a small JPEG preview (images), when there is one.
   */
  thumb?: string | null;
}
/**
 * A person in a conversation.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "MemberView".
 */
export interface MemberView {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  account: string;
  /**
   * Its name, from its profile.
   */
  name?: string | null;
}
/**
 * No input.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ChatConversationsInput".
 */
export interface ChatConversationsInput {}
/**
 * Output of `chat.conversations`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ChatConversationsOutput".
 */
export interface ChatConversationsOutput {
  /**
   * Newest activity first.
   */
  conversations: ConversationView[];
  /**
   * This account's chat key (hex), published so others can write to it.
   */
  key: string;
}
/**
 * A conversation in the list.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ConversationView".
 */
export interface ConversationView {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  admin: string;
  /**
   * Its id (hex).
   */
  conv: string;
  /**
   * A group (else a direct chat).
   */
  group: boolean;
  /**
   * The newest message.
   */
  last?: MessageView | null;
  /**
   * Whether this account is still a member.
   */
  member: boolean;
  /**
   * Members now.
   */
  members: MemberView[];
  /**
   * The group's name.
   */
  name?: string | null;
  /**
   * Default lifetime of new messages, in ms.
   */
  ttl?: number | null;
  /**
   * Messages by others not read yet.
   */
  unread: number;
}
/**
 * Input of `chat.create_group`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ChatCreateGroupInput".
 */
export interface ChatCreateGroupInput {
  /**
   * The other members.
   */
  members: AccountId[];
  /**
   * Its name.
   */
  name: string;
  /**
   * Default lifetime of messages, in ms.
   */
  ttl?: number | null;
}
/**
 * A conversation in the list.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ChatCreateGroupOutput".
 */
export interface ChatCreateGroupOutput {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  admin: string;
  /**
   * Its id (hex).
   */
  conv: string;
  /**
   * A group (else a direct chat).
   */
  group: boolean;
  /**
   * The newest message.
   */
  last?: MessageView | null;
  /**
   * Whether this account is still a member.
   */
  member: boolean;
  /**
   * Members now.
   */
  members: MemberView[];
  /**
   * The group's name.
   */
  name?: string | null;
  /**
   * Default lifetime of new messages, in ms.
   */
  ttl?: number | null;
  /**
   * Messages by others not read yet.
   */
  unread: number;
}
/**
 * Input of `chat.messages` and `chat.read`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ChatMessagesInput".
 */
export interface ChatMessagesInput {
  /**
   * Continue after this cursor (older messages).
   */
  before?: string | null;
  /**
   * The conversation.
   */
  conv: string;
  /**
   * Page size, 1 to 500 (default 50).
   */
  limit?: number | null;
}
/**
 * Output of `chat.messages`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ChatMessagesOutput".
 */
export interface ChatMessagesOutput {
  conversation: ConversationView1;
  /**
   * Newest first.
   */
  messages: MessageView[];
  /**
   * Cursor for older messages.
   */
  next?: string | null;
}
/**
 * A conversation in the list.
 */
export interface ConversationView1 {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  admin: string;
  /**
   * Its id (hex).
   */
  conv: string;
  /**
   * A group (else a direct chat).
   */
  group: boolean;
  /**
   * The newest message.
   */
  last?: MessageView | null;
  /**
   * Whether this account is still a member.
   */
  member: boolean;
  /**
   * Members now.
   */
  members: MemberView[];
  /**
   * The group's name.
   */
  name?: string | null;
  /**
   * Default lifetime of new messages, in ms.
   */
  ttl?: number | null;
  /**
   * Messages by others not read yet.
   */
  unread: number;
}
/**
 * Input of `chat.open_file`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ChatOpenFileInput".
 */
export interface ChatOpenFileInput {
  /**
   * Which of its files, from 0.
   */
  index: number;
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  message: string;
}
/**
 * A file in a message, as a member sees it.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ChatOpenFileOutput".
 */
export interface ChatOpenFileOutput {
  file: Attachment2;
  /**
   * Whether it is opened in this node's store; until then `chat.open_file` opens it.
   */
  ready: boolean;
  /**
   * The sealed file the message carries (its hash): what downloads before it opens.
   */
  sealed: string;
}
/**
 * One file an event refers to.
 */
export interface Attachment2 {
  /**
   * BLAKE3 hash of the content, 64 lowercase hexadecimal digits.
   */
  hash: string;
  /**
   * Media type, such as `image/png` or `video/mp4`.
   */
  mime: string;
  /**
   * File name, without any folder.
   */
  name: string;
  /**
   * Size in bytes.
   */
  size: number;
  /**
   * Hash of a small JPEG preview (images), when there is one.
   */
  thumb?: string | null;
}
/**
 * Input of `chat.read`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ChatReadInput".
 */
export interface ChatReadInput {
  /**
   * The conversation.
   */
  conv: string;
}
/**
 * Output of `chat.unread`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ChatReadOutput".
 */
export interface ChatReadOutput {
  /**
   * Unread messages in every conversation.
   */
  messages: number;
}
/**
 * Input of `chat.add_member` and `chat.remove_member`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ChatRemoveMemberInput".
 */
export interface ChatRemoveMemberInput {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  account: string;
  /**
   * The conversation.
   */
  conv: string;
}
/**
 * A conversation in the list.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ChatRemoveMemberOutput".
 */
export interface ChatRemoveMemberOutput {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  admin: string;
  /**
   * Its id (hex).
   */
  conv: string;
  /**
   * A group (else a direct chat).
   */
  group: boolean;
  /**
   * The newest message.
   */
  last?: MessageView | null;
  /**
   * Whether this account is still a member.
   */
  member: boolean;
  /**
   * Members now.
   */
  members: MemberView[];
  /**
   * The group's name.
   */
  name?: string | null;
  /**
   * Default lifetime of new messages, in ms.
   */
  ttl?: number | null;
  /**
   * Messages by others not read yet.
   */
  unread: number;
}
/**
 * Input of `chat.send`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ChatSendInput".
 */
export interface ChatSendInput {
  /**
   * Files to send, sealed so that only the members can open them.
   */
  attachments?: AttachInput[];
  /**
   * The conversation.
   */
  conv: string;
  /**
   * The message, in Markdown (may be empty when files are attached).
   */
  text?: string;
  /**
   * Lifetime of this message in ms (default: the conversation's).
   */
  ttl?: number | null;
}
/**
 * A file to attach: one added to this node's store (`blobs.add`, or an upload).
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AttachInput".
 */
export interface AttachInput {
  /**
   * Its hash, as `blobs.add` returned it.
   */
  hash: string;
  /**
   * Media type (default: guessed from the name).
   */
  mime?: string | null;
  /**
   * File name to show (default: the name it was added with).
   */
  name?: string | null;
}
/**
 * A message as a member reads it.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ChatSendOutput".
 */
export interface ChatSendOutput {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  author: string;
  /**
   * Their name.
   */
  author_name?: string | null;
  /**
   * When.
   */
  created_at: number;
  /**
   * When every honest node deletes it.
   */
  expires_at?: number | null;
  /**
   * Its files, when this account can read it.
   */
  files?: ChatFile[];
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  id: string;
  /**
   * The text, when this account can read it.
   */
  text?: string | null;
  /**
   * Why it cannot be read here (sent under a key this account was not given).
   */
  unreadable?: string | null;
}
/**
 * Input of `chat.settings`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ChatSettingsInput".
 */
export interface ChatSettingsInput {
  /**
   * The conversation.
   */
  conv: string;
  /**
   * A new name (groups).
   */
  name?: string | null;
  /**
   * Default lifetime of new messages, in ms (none: they last).
   */
  ttl?: number | null;
}
/**
 * A conversation in the list.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ChatSettingsOutput".
 */
export interface ChatSettingsOutput {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  admin: string;
  /**
   * Its id (hex).
   */
  conv: string;
  /**
   * A group (else a direct chat).
   */
  group: boolean;
  /**
   * The newest message.
   */
  last?: MessageView | null;
  /**
   * Whether this account is still a member.
   */
  member: boolean;
  /**
   * Members now.
   */
  members: MemberView[];
  /**
   * The group's name.
   */
  name?: string | null;
  /**
   * Default lifetime of new messages, in ms.
   */
  ttl?: number | null;
  /**
   * Messages by others not read yet.
   */
  unread: number;
}
/**
 * Input of `chat.start`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ChatStartInput".
 */
export interface ChatStartInput {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  account: string;
}
/**
 * A conversation in the list.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ChatStartOutput".
 */
export interface ChatStartOutput {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  admin: string;
  /**
   * Its id (hex).
   */
  conv: string;
  /**
   * A group (else a direct chat).
   */
  group: boolean;
  /**
   * The newest message.
   */
  last?: MessageView | null;
  /**
   * Whether this account is still a member.
   */
  member: boolean;
  /**
   * Members now.
   */
  members: MemberView[];
  /**
   * The group's name.
   */
  name?: string | null;
  /**
   * Default lifetime of new messages, in ms.
   */
  ttl?: number | null;
  /**
   * Messages by others not read yet.
   */
  unread: number;
}
/**
 * No input.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ChatUnreadInput".
 */
export interface ChatUnreadInput {}
/**
 * Output of `chat.unread`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ChatUnreadOutput".
 */
export interface ChatUnreadOutput {
  /**
   * Unread messages in every conversation.
   */
  messages: number;
}
/**
 * Input of `coin.account`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "CoinAccountInput".
 */
export interface CoinAccountInput {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  account: string;
  /**
   * Only this currency's balance.
   */
  currency?: CurrencyId | null;
}
/**
 * Output of `coin.account`: an account's chain as this node holds it.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "CoinAccountOutput".
 */
export interface CoinAccountOutput {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  account: string;
  /**
   * Its balances, as far as its chain validates.
   */
  balances: CoinBalance[];
  /**
   * Why it is frozen, if it is: the fork's two operations.
   */
  frozen?: Freeze | null;
  /**
   * The last operation validated.
   */
  head?: Head | null;
  /**
   * Operations stored here.
   */
  operations: number;
  /**
   * What stops the chain short, if anything.
   */
  problem?: string | null;
  /**
   * Whether every operation stored here validates, from seq 1 to the head.
   */
  valid: boolean;
}
/**
 * Where an account stands in one currency.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "CoinBalance".
 */
export interface CoinBalance {
  /**
   * What can still be paid: balance + limit, less pending payments.
   */
  available: string;
  /**
   * Confirmed balance: received, less payments their payees countersigned.
   */
  balance: string;
  /**
   * A currency: "net" (the network's default currency) or the id of a coin.currency event
   */
  currency: string;
  /**
   * Its decimals.
   */
  decimals: number;
  /**
   * The credit limit (how far below zero the balance may go), as a positive amount.
   */
  limit: string;
  /**
   * Payments to this account it has not countersigned yet.
   */
  pending_in: string;
  /**
   * Payments signed and not yet countersigned (or refunded).
   */
  pending_out: string;
  /**
   * Everything received so far.
   */
  received: string;
  /**
   * Its symbol.
   */
  symbol: string;
}
/**
 * Why an account is frozen here: the two operations it signed at one seq.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "Freeze".
 */
export interface Freeze {
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  a: string;
  /**
   * When it says it was signed.
   */
  a_at: number;
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  b: string;
  /**
   * When it says it was signed.
   */
  b_at: number;
  /**
   * When the fork came to light here (the later operation's or the proof's time).
   */
  found_at: number;
  /**
   * The `coin.fork` proof that spread it, once there is one.
   */
  proof?: EventId | null;
  /**
   * Why, in words.
   */
  reason: string;
  /**
   * The seq both operations claim.
   */
  seq: number;
}
/**
 * The head of a chain.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "Head".
 */
export interface Head {
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  id: string;
  /**
   * Its seq.
   */
  seq: number;
}
/**
 * No input.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "CoinBalancesInput".
 */
export interface CoinBalancesInput {}
/**
 * Output of `coin.balances`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "CoinBalancesOutput".
 */
export interface CoinBalancesOutput {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  account: string;
  /**
   * One entry per currency it holds.
   */
  balances: CoinBalance[];
  /**
   * Why it is frozen, if it is.
   */
  frozen?: Freeze | null;
}
/**
 * Input of `coin.create_currency`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "CoinCreateCurrencyInput".
 */
export interface CoinCreateCurrencyInput {
  /**
   * Digits after the decimal point (default 2).
   */
  decimals?: number | null;
  /**
   * Growth of the limit per unit received (decimal text from 0 to 1; default 0).
   */
  growth?: string | null;
  /**
   * Its name.
   */
  name: string;
  /**
   * Notaries that must countersign every payment.
   */
  notaries?: AccountId[];
  /**
   * How many of them must (default: a majority).
   */
  quorum?: number | null;
  /**
   * Credit every member starts with (decimal text, e.g. `"50"`).
   */
  start_limit: string;
  /**
   * Its symbol.
   */
  symbol: string;
  /**
   * Whether members may vouch for others (default false).
   */
  vouching?: boolean;
}
/**
 * A currency as the API shows it.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "CoinCreateCurrencyOutput".
 */
export interface CoinCreateCurrencyOutput {
  /**
   * Who defined it (none for the network's currency).
   */
  creator?: AccountId | null;
  /**
   * Digits after the decimal point.
   */
  decimals: number;
  /**
   * Growth of the limit per unit received (decimal text, `0.1`).
   */
  growth: string;
  /**
   * A currency: "net" (the network's default currency) or the id of a coin.currency event
   */
  id: string;
  /**
   * Whether this node's account holds it (the network's always).
   */
  joined: boolean;
  /**
   * Its name.
   */
  name: string;
  /**
   * Notaries that countersign every payment.
   */
  notaries: AccountId[];
  /**
   * How many of them must.
   */
  quorum: number;
  /**
   * Credit every member starts with (decimal text).
   */
  start_limit: string;
  /**
   * Its symbol.
   */
  symbol: string;
  /**
   * Whether members may vouch for others.
   */
  vouching: boolean;
}
/**
 * No input.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "CoinCurrenciesInput".
 */
export interface CoinCurrenciesInput {}
/**
 * Output of `coin.currencies`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "CoinCurrenciesOutput".
 */
export interface CoinCurrenciesOutput {
  /**
   * The network's currency first, then every community currency known here.
   */
  currencies: CurrencyView[];
}
/**
 * A currency as the API shows it.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "CurrencyView".
 */
export interface CurrencyView {
  /**
   * Who defined it (none for the network's currency).
   */
  creator?: AccountId | null;
  /**
   * Digits after the decimal point.
   */
  decimals: number;
  /**
   * Growth of the limit per unit received (decimal text, `0.1`).
   */
  growth: string;
  /**
   * A currency: "net" (the network's default currency) or the id of a coin.currency event
   */
  id: string;
  /**
   * Whether this node's account holds it (the network's always).
   */
  joined: boolean;
  /**
   * Its name.
   */
  name: string;
  /**
   * Notaries that countersign every payment.
   */
  notaries: AccountId[];
  /**
   * How many of them must.
   */
  quorum: number;
  /**
   * Credit every member starts with (decimal text).
   */
  start_limit: string;
  /**
   * Its symbol.
   */
  symbol: string;
  /**
   * Whether members may vouch for others.
   */
  vouching: boolean;
}
/**
 * A currency by id.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "CoinJoinInput".
 */
export interface CoinJoinInput {
  /**
   * A currency: "net" (the network's default currency) or the id of a coin.currency event
   */
  currency: string;
}
/**
 * Output of `coin.join`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "CoinJoinOutput".
 */
export interface CoinJoinOutput {
  currency: CurrencyView1;
}
/**
 * A currency as the API shows it.
 */
export interface CurrencyView1 {
  /**
   * Who defined it (none for the network's currency).
   */
  creator?: AccountId | null;
  /**
   * Digits after the decimal point.
   */
  decimals: number;
  /**
   * Growth of the limit per unit received (decimal text, `0.1`).
   */
  growth: string;
  /**
   * A currency: "net" (the network's default currency) or the id of a coin.currency event
   */
  id: string;
  /**
   * Whether this node's account holds it (the network's always).
   */
  joined: boolean;
  /**
   * Its name.
   */
  name: string;
  /**
   * Notaries that countersign every payment.
   */
  notaries: AccountId[];
  /**
   * How many of them must.
   */
  quorum: number;
  /**
   * Credit every member starts with (decimal text).
   */
  start_limit: string;
  /**
   * Its symbol.
   */
  symbol: string;
  /**
   * Whether members may vouch for others.
   */
  vouching: boolean;
}
/**
 * Input of `coin.parse_request`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "CoinParseRequestInput".
 */
export interface CoinParseRequestInput {
  /**
   * A `supernet://pay?…` link.
   */
  link: string;
}
/**
 * A payment request.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "CoinParseRequestOutput".
 */
export interface CoinParseRequestOutput {
  /**
   * How much, as decimal text.
   */
  amount: string;
  /**
   * A currency: "net" (the network's default currency) or the id of a coin.currency event
   */
  currency: string;
  /**
   * The request as a link.
   */
  link: string;
  /**
   * What it is for.
   */
  memo?: string | null;
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  to: string;
}
/**
 * Input of `coin.pay`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "CoinPayInput".
 */
export interface CoinPayInput {
  /**
   * How much, as decimal text (`"12.50"`).
   */
  amount: string;
  /**
   * The currency (default: the network's, `net`).
   */
  currency?: CurrencyId | null;
  /**
   * What it is for.
   */
  memo?: string | null;
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  to: string;
}
/**
 * A transfer as the API shows it.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "CoinPayOutput".
 */
export interface CoinPayOutput {
  /**
   * The amount, as decimal text.
   */
  amount: string;
  /**
   * When the payee countersigned it.
   */
  confirmed_at?: number | null;
  /**
   * When the payer signed it.
   */
  created_at: number;
  /**
   * A currency: "net" (the network's default currency) or the id of a coin.currency event
   */
  currency: string;
  /**
   * `in` (to the account asked about), `out` (from it).
   */
  direction: string;
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  from: string;
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  id: string;
  /**
   * What it is for.
   */
  memo?: string;
  /**
   * The amount in minor units.
   */
  minor: number;
  /**
   * Notaries' countersignatures stored here.
   */
  notarizations: number;
  /**
   * How many the currency needs.
   */
  quorum: number;
  /**
   * Why the payee declined it.
   */
  reason?: string | null;
  /**
   * `pending` (waiting for the payee, or its notaries), `confirmed` (countersigned:
   * final), `declined` (refused by the payee) or `refunded` (declined and taken back).
   */
  status: string;
  /**
   * Its symbol (when the currency is known here).
   */
  symbol: string;
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  to: string;
}
/**
 * Input of `coin.request`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "CoinRequestInput".
 */
export interface CoinRequestInput {
  /**
   * How much, as decimal text.
   */
  amount: string;
  /**
   * The currency (default `net`).
   */
  currency?: CurrencyId | null;
  /**
   * What it is for.
   */
  memo?: string | null;
}
/**
 * A payment request.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "CoinRequestOutput".
 */
export interface CoinRequestOutput {
  /**
   * How much, as decimal text.
   */
  amount: string;
  /**
   * A currency: "net" (the network's default currency) or the id of a coin.currency event
   */
  currency: string;
  /**
   * The request as a link.
   */
  link: string;
  /**
   * What it is for.
   */
  memo?: string | null;
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  to: string;
}
/**
 * Input of `coin.transfers`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "CoinTransfersInput".
 */
export interface CoinTransfersInput {
  /**
   * Whose (default: this node's account).
   */
  account?: AccountId | null;
  /**
   * Continue after this cursor (the `next` of the previous page).
   */
  before?: string | null;
  /**
   * Only with this account.
   */
  counterparty?: AccountId | null;
  /**
   * Only in this currency.
   */
  currency?: CurrencyId | null;
  /**
   * Only `in` or `out`.
   */
  direction?: string | null;
  /**
   * Only signed at or after this time (ms since the epoch).
   */
  from?: number | null;
  /**
   * Page size, 1 to 500 (default 50).
   */
  limit?: number | null;
  /**
   * Only `pending`, `confirmed`, `declined` or `refunded`.
   */
  status?: string | null;
  /**
   * Only signed at or before this time.
   */
  to?: number | null;
}
/**
 * Output of `coin.transfers`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "CoinTransfersOutput".
 */
export interface CoinTransfersOutput {
  /**
   * Cursor for the next page.
   */
  next?: string | null;
  /**
   * Newest first.
   */
  transfers: TransferView[];
}
/**
 * A transfer as the API shows it.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "TransferView".
 */
export interface TransferView {
  /**
   * The amount, as decimal text.
   */
  amount: string;
  /**
   * When the payee countersigned it.
   */
  confirmed_at?: number | null;
  /**
   * When the payer signed it.
   */
  created_at: number;
  /**
   * A currency: "net" (the network's default currency) or the id of a coin.currency event
   */
  currency: string;
  /**
   * `in` (to the account asked about), `out` (from it).
   */
  direction: string;
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  from: string;
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  id: string;
  /**
   * What it is for.
   */
  memo?: string;
  /**
   * The amount in minor units.
   */
  minor: number;
  /**
   * Notaries' countersignatures stored here.
   */
  notarizations: number;
  /**
   * How many the currency needs.
   */
  quorum: number;
  /**
   * Why the payee declined it.
   */
  reason?: string | null;
  /**
   * `pending` (waiting for the payee, or its notaries), `confirmed` (countersigned:
   * final), `declined` (refused by the payee) or `refunded` (declined and taken back).
   */
  status: string;
  /**
   * Its symbol (when the currency is known here).
   */
  symbol: string;
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  to: string;
}
/**
 * Input of `coin.vouch`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "CoinVouchInput".
 */
export interface CoinVouchInput {
  /**
   * How much of this account's limit to lend, as decimal text.
   */
  amount: string;
  /**
   * The currency (default `net`).
   */
  currency?: CurrencyId | null;
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  for: string;
}
/**
 * The operation an API call wrote.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "CoinVouchOutput".
 */
export interface CoinVouchOutput {
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  id: string;
  /**
   * Its seq.
   */
  seq: number;
}
/**
 * Input of `events.delete`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "EventsDeleteInput".
 */
export interface EventsDeleteInput {
  /**
   * Events this node's account wrote (1 to 100).
   */
  ids: EventId[];
  /**
   * Why, shown to those who held them.
   */
  reason?: string | null;
}
/**
 * Output of `events.delete`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "EventsDeleteOutput".
 */
export interface EventsDeleteOutput {
  /**
   * The events deleted here.
   */
  deleted: EventId[];
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  request: string;
}
/**
 * Input of `events.deleted`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "EventsDeletedInput".
 */
export interface EventsDeletedInput {
  /**
   * Otherwise the newest deletions by this author (default: everyone's).
   */
  author?: AccountId | null;
  /**
   * These events' tombstones (those deleted).
   */
  ids?: EventId[];
  /**
   * How many, 1 to 1000 (default 100).
   */
  limit?: number | null;
}
/**
 * Output of `events.deleted`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "EventsDeletedOutput".
 */
export interface EventsDeletedOutput {
  /**
   * Deleted events, newest deletion first.
   */
  deleted: Tombstone[];
}
/**
 * An event deleted at its author's request.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "Tombstone".
 */
export interface Tombstone {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  author: string;
  /**
   * When the deletion was asked for (ms since the epoch).
   */
  deleted_at: number;
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  id: string;
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  request: string;
}
/**
 * Input of `events.export` and `events.import`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "EventsExportInput".
 */
export interface EventsExportInput {
  /**
   * Absolute path of the export file, on the node's machine.
   */
  path: string;
}
/**
 * Output of `events.export`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "EventsExportOutput".
 */
export interface EventsExportOutput {
  /**
   * File size in bytes.
   */
  bytes: number;
  /**
   * Events written.
   */
  events: number;
  /**
   * The file written.
   */
  path: string;
}
/**
 * Input of `events.get`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "EventsGetInput".
 */
export interface EventsGetInput {
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  id: string;
}
/**
 * An event as the API shows it: every field in JSON, the body as text when it is UTF-8
 * (application payloads are JSON), and the wire bytes so any client can verify it.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "EventsGetOutput".
 */
export interface EventsGetOutput {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  author: string;
  /**
   * The body as UTF-8 text, when it is text.
   */
  body?: string | null;
  /**
   * Creation time, milliseconds since the Unix epoch.
   */
  created_at: number;
  /**
   * Expiry time, if any.
   */
  expires_at?: number | null;
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  id: string;
  /**
   * The kind.
   */
  kind: string;
  /**
   * Previous event in the author's chain.
   */
  prev?: EventId | null;
  /**
   * References.
   */
  refs: Ref[];
  /**
   * Position in the author's chain.
   */
  seq?: number | null;
  /**
   * The whole event (`id || signature || canonical encoding`), base64url without padding.
   */
  wire: string;
}
/**
 * Input of `events.export` and `events.import`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "EventsImportInput".
 */
export interface EventsImportInput {
  /**
   * Absolute path of the export file, on the node's machine.
   */
  path: string;
}
/**
 * Output of `events.import`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "EventsImportOutput".
 */
export interface EventsImportOutput {
  /**
   * Events this node had already.
   */
  duplicates: number;
  /**
   * Events skipped because they have expired since the export.
   */
  expired: number;
  /**
   * Events newly stored.
   */
  inserted: number;
}
/**
 * Input of `events.ingest`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "EventsIngestInput".
 */
export interface EventsIngestInput {
  /**
   * A signed event's wire bytes (`id || signature || canonical encoding`), base64url.
   */
  wire: string;
}
/**
 * Output of `events.ingest`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "EventsIngestOutput".
 */
export interface EventsIngestOutput {
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  id: string;
  /**
   * False when the event was stored already.
   */
  stored: boolean;
}
/**
 * Input of `events.query`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "EventsQueryInput".
 */
export interface EventsQueryInput {
  /**
   * Only these authors.
   */
  authors?: AccountId[];
  /**
   * Continue after this cursor.
   */
  before?: string | null;
  /**
   * Only these kinds.
   */
  kinds?: string[];
  /**
   * Page size, 1 to 1000 (default 50).
   */
  limit?: number | null;
  /**
   * Created at or after (ms).
   */
  since?: number | null;
  /**
   * Created at or before (ms).
   */
  until?: number | null;
}
/**
 * Output of `events.query`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "EventsQueryOutput".
 */
export interface EventsQueryOutput {
  /**
   * Events, newest first.
   */
  events: EventView[];
  /**
   * Cursor of the next page.
   */
  next?: string | null;
}
/**
 * An event as the API shows it: every field in JSON, the body as text when it is UTF-8
 * (application payloads are JSON), and the wire bytes so any client can verify it.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "EventView".
 */
export interface EventView {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  author: string;
  /**
   * The body as UTF-8 text, when it is text.
   */
  body?: string | null;
  /**
   * Creation time, milliseconds since the Unix epoch.
   */
  created_at: number;
  /**
   * Expiry time, if any.
   */
  expires_at?: number | null;
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  id: string;
  /**
   * The kind.
   */
  kind: string;
  /**
   * Previous event in the author's chain.
   */
  prev?: EventId | null;
  /**
   * References.
   */
  refs: Ref[];
  /**
   * Position in the author's chain.
   */
  seq?: number | null;
  /**
   * The whole event (`id || signature || canonical encoding`), base64url without padding.
   */
  wire: string;
}
/**
 * Input of `identity.create`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "IdentityCreateInput".
 */
export interface IdentityCreateInput {
  /**
   * Display name.
   */
  name?: string | null;
  /**
   * Passphrase sealing the key; absent or null stores it unprotected.
   */
  passphrase?: string | null;
}
/**
 * Output of `identity.create`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "IdentityCreateOutput".
 */
export interface IdentityCreateOutput {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  account: string;
  /**
   * The 24 words that restore the key. Shown once: the node does not keep them.
   */
  recovery_phrase: string;
}
/**
 * No input.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "IdentityGetInput".
 */
export interface IdentityGetInput {}
/**
 * Output of `identity.get` (and of the methods that change the identity).
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "IdentityGetOutput".
 */
export interface IdentityGetOutput {
  /**
   * The account id, once there is an account.
   */
  account?: AccountId | null;
  /**
   * When the account was created.
   */
  created_at?: number | null;
  /**
   * Display name.
   */
  name?: string | null;
  /**
   * Whether the key is protected by a passphrase.
   */
  protected: boolean;
  /**
   * Where the node stands.
   */
  state: 'none' | 'locked' | 'unlocked';
}
/**
 * No input.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "IdentityLockInput".
 */
export interface IdentityLockInput {}
/**
 * Output of `identity.get` (and of the methods that change the identity).
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "IdentityLockOutput".
 */
export interface IdentityLockOutput {
  /**
   * The account id, once there is an account.
   */
  account?: AccountId | null;
  /**
   * When the account was created.
   */
  created_at?: number | null;
  /**
   * Display name.
   */
  name?: string | null;
  /**
   * Whether the key is protected by a passphrase.
   */
  protected: boolean;
  /**
   * Where the node stands.
   */
  state: 'none' | 'locked' | 'unlocked';
}
/**
 * Input of `identity.recover`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "IdentityRecoverInput".
 */
export interface IdentityRecoverInput {
  /**
   * Display name.
   */
  name?: string | null;
  /**
   * Passphrase sealing the key; absent or null stores it unprotected.
   */
  passphrase?: string | null;
  /**
   * The 24-word recovery phrase.
   */
  phrase: string;
}
/**
 * Output of `identity.get` (and of the methods that change the identity).
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "IdentityRecoverOutput".
 */
export interface IdentityRecoverOutput {
  /**
   * The account id, once there is an account.
   */
  account?: AccountId | null;
  /**
   * When the account was created.
   */
  created_at?: number | null;
  /**
   * Display name.
   */
  name?: string | null;
  /**
   * Whether the key is protected by a passphrase.
   */
  protected: boolean;
  /**
   * Where the node stands.
   */
  state: 'none' | 'locked' | 'unlocked';
}
/**
 * Input of `identity.unlock`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "IdentityUnlockInput".
 */
export interface IdentityUnlockInput {
  /**
   * The keystore's passphrase.
   */
  passphrase: string;
}
/**
 * Output of `identity.get` (and of the methods that change the identity).
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "IdentityUnlockOutput".
 */
export interface IdentityUnlockOutput {
  /**
   * The account id, once there is an account.
   */
  account?: AccountId | null;
  /**
   * When the account was created.
   */
  created_at?: number | null;
  /**
   * Display name.
   */
  name?: string | null;
  /**
   * Whether the key is protected by a passphrase.
   */
  protected: boolean;
  /**
   * Where the node stands.
   */
  state: 'none' | 'locked' | 'unlocked';
}
/**
 * No input.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "LedgerAccountsInput".
 */
export interface LedgerAccountsInput {}
/**
 * Every account in the books.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "LedgerAccountsOutput".
 */
export interface LedgerAccountsOutput {
  /**
   * By name.
   */
  accounts: AccountView[];
}
/**
 * An account.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AccountView".
 */
export interface AccountView {
  /**
   * Full name.
   */
  account: string;
  /**
   * Its own postings' balance, all dates (subaccounts are listed on their own).
   */
  balance: AmountView[];
  /**
   * When it was opened, if the books say.
   */
  opened?: string | null;
  /**
   * How many postings it has.
   */
  postings: number;
  /**
   * `asset`, `liability`, `equity`, `income` or `expense`.
   */
  type: string;
}
/**
 * An amount of one commodity. Amounts are decimal strings, never floating-point numbers.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AmountView".
 */
export interface AmountView {
  /**
   * The amount, a decimal (`-12.50`).
   */
  amount: string;
  /**
   * Its commodity (`EUR`, `$`, `AAPL`; empty for an amount without one).
   */
  commodity: string;
}
/**
 * Input of `ledger.add`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "LedgerAddInput".
 */
export interface LedgerAddInput {
  /**
   * A code (cheque number, reference).
   */
  code?: string | null;
  /**
   * Its date, `YYYY-MM-DD`.
   */
  date: string;
  /**
   * What it was.
   */
  description: string;
  /**
   * Its postings: they must balance in every commodity (at their costs).
   */
  postings: PostingInput[];
  /**
   * Its mark (default: unmarked).
   */
  status?: 'unmarked' | 'pending' | 'cleared';
}
/**
 * A posting to add.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "PostingInput".
 */
export interface PostingInput {
  /**
   * The account, `Assets:Bank:Checking`: its first component says its type (Assets,
   * Liabilities, Equity, Income, Expenses, any case) unless the books declare it.
   */
  account: string;
  /**
   * The amount, a decimal string (`-12.50`). Leave it out on one posting to have it
   * inferred from the others; leave it out on a posting with a `balance` to have it be
   * what makes that balance true (hledger's balance assignment).
   */
  amount?: string | null;
  /**
   * A balance assertion after it.
   */
  balance?: BalanceView | null;
  /**
   * Its commodity (required with an amount; may be empty for none).
   */
  commodity?: string | null;
  /**
   * What it cost in another commodity.
   */
  cost?: CostView | null;
}
/**
 * A balance assertion: after the posting, the account holds exactly this.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "BalanceView".
 */
export interface BalanceView {
  /**
   * The balance asserted, a decimal.
   */
  amount: string;
  /**
   * Its commodity (default: the posting's).
   */
  commodity?: string | null;
  /**
   * Counting subaccounts (hledger's `=*`).
   */
  inclusive?: boolean;
  /**
   * Also no other commodity in the account (hledger's `==`).
   */
  total?: boolean;
}
/**
 * A cost: what a posting's amount was worth in another commodity.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "CostView".
 */
export interface CostView {
  /**
   * The price, a positive decimal.
   */
  amount: string;
  /**
   * Its commodity.
   */
  commodity: string;
  /**
   * Whether it is the total price (hledger's `@@`) rather than per unit (`@`).
   */
  total?: boolean;
}
/**
 * A transaction in the books.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "LedgerAddOutput".
 */
export interface LedgerAddOutput {
  /**
   * Its code, if any.
   */
  code?: string;
  /**
   * Its date.
   */
  date: string;
  /**
   * What it was.
   */
  description: string;
  /**
   * The id another module recorded it under (a wallet transfer's).
   */
  external?: string | null;
  /**
   * Its id.
   */
  id: number;
  /**
   * Its postings.
   */
  postings: PostingView[];
  /**
   * Its mark.
   */
  status: 'unmarked' | 'pending' | 'cleared';
}
/**
 * A posting in the books.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "PostingView".
 */
export interface PostingView {
  /**
   * The account.
   */
  account: string;
  /**
   * The amount, a decimal.
   */
  amount: string;
  /**
   * Its balance assertion.
   */
  balance?: BalanceView | null;
  /**
   * Its commodity.
   */
  commodity: string;
  /**
   * What it cost.
   */
  cost?: CostView | null;
  /**
   * Whether the amount was left out and inferred.
   */
  inferred: boolean;
}
/**
 * Input of `ledger.balance_sheet`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "LedgerBalanceSheetInput".
 */
export interface LedgerBalanceSheetInput {
  /**
   * Convert every amount into this commodity at the latest price at or before the
   * date (default: each commodity on its own).
   */
  commodity?: string | null;
  /**
   * At the end of this day, `YYYY-MM-DD` (default: today).
   */
  date?: string | null;
}
/**
 * The balance sheet.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "LedgerBalanceSheetOutput".
 */
export interface LedgerBalanceSheetOutput {
  assets: SectionView;
  /**
   * The commodity amounts were converted into, if asked.
   */
  commodity?: string | null;
  /**
   * At the end of this day.
   */
  date: string;
  /**
   * Income less expenses not yet closed into equity: assets = liabilities + equity +
   * earnings, commodity by commodity when no conversion happened.
   */
  earnings: AmountView[];
  equity: SectionView1;
  liabilities: SectionView2;
  /**
   * Commodities no price converts into `commodity` (shown unconverted).
   */
  missing_prices: string[];
  /**
   * Assets less liabilities.
   */
  net_worth: AmountView[];
}
/**
 * What is owned.
 */
export interface SectionView {
  /**
   * Accounts with a balance, and their parents.
   */
  accounts: RowView[];
  /**
   * The section's total.
   */
  total: AmountView[];
}
/**
 * One account of a report's tree.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "RowView".
 */
export interface RowView {
  /**
   * Full name, `Assets:Bank:Checking`.
   */
  account: string;
  /**
   * Its balance with its subaccounts.
   */
  balance: AmountView[];
  /**
   * Components above it: 0 for `Assets`.
   */
  depth: number;
  /**
   * Its last component, `Checking`.
   */
  name: string;
  /**
   * Its own postings' balance, without subaccounts.
   */
  own: AmountView[];
}
/**
 * Equity (opening balances, closed earnings), as positive amounts.
 */
export interface SectionView1 {
  /**
   * Accounts with a balance, and their parents.
   */
  accounts: RowView[];
  /**
   * The section's total.
   */
  total: AmountView[];
}
/**
 * What is owed, as positive amounts.
 */
export interface SectionView2 {
  /**
   * Accounts with a balance, and their parents.
   */
  accounts: RowView[];
  /**
   * The section's total.
   */
  total: AmountView[];
}
/**
 * No input.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "LedgerCheckInput".
 */
export interface LedgerCheckInput {}
/**
 * Balance assertions that do not hold.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "LedgerCheckOutput".
 */
export interface LedgerCheckOutput {
  /**
   * In date order; empty when the books are consistent.
   */
  failures: FailureView[];
}
/**
 * A balance assertion that does not hold.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "FailureView".
 */
export interface FailureView {
  /**
   * Its date.
   */
  date: string;
  /**
   * What is wrong.
   */
  message: string;
  /**
   * The transaction whose posting asserts it, if it is on one.
   */
  transaction?: number | null;
}
/**
 * Input naming a transaction.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "LedgerDeleteInput".
 */
export interface LedgerDeleteInput {
  /**
   * The transaction's id.
   */
  id: number;
}
/**
 * A deleted transaction.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "LedgerDeleteOutput".
 */
export interface LedgerDeleteOutput {
  deleted: TxnView;
}
/**
 * It, as it was.
 */
export interface TxnView {
  /**
   * Its code, if any.
   */
  code?: string;
  /**
   * Its date.
   */
  date: string;
  /**
   * What it was.
   */
  description: string;
  /**
   * The id another module recorded it under (a wallet transfer's).
   */
  external?: string | null;
  /**
   * Its id.
   */
  id: number;
  /**
   * Its postings.
   */
  postings: PostingView[];
  /**
   * Its mark.
   */
  status: 'unmarked' | 'pending' | 'cleared';
}
/**
 * Input of `ledger.export`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "LedgerExportInput".
 */
export interface LedgerExportInput {
  /**
   * The format to write.
   */
  format: 'hledger' | 'beancount';
}
/**
 * The books as text.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "LedgerExportOutput".
 */
export interface LedgerExportOutput {
  /**
   * Its format.
   */
  format: 'hledger' | 'beancount';
  /**
   * The text, ready to save as a file (`.journal` or `.beancount`).
   */
  text: string;
}
/**
 * Input of `ledger.import`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "LedgerImportInput".
 */
export interface LedgerImportInput {
  /**
   * Its format.
   */
  format: 'hledger' | 'beancount';
  /**
   * Replace the books with it (default: add it to them). Replacing removes everything,
   * including entries the wallet recorded, unless the text carries them.
   */
  replace?: boolean;
  /**
   * The journal's text.
   */
  text: string;
}
/**
 * What an import added.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "LedgerImportOutput".
 */
export interface LedgerImportOutput {
  /**
   * Accounts new or newly declared.
   */
  accounts: number;
  /**
   * Balance assertions on postings.
   */
  assertions: number;
  /**
   * Standalone balance checks (beancount's `balance`).
   */
  checks: number;
  /**
   * Postings in them.
   */
  postings: number;
  /**
   * Prices.
   */
  prices: number;
  /**
   * Transactions.
   */
  transactions: number;
}
/**
 * Input of `ledger.income_statement`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "LedgerIncomeStatementInput".
 */
export interface LedgerIncomeStatementInput {
  /**
   * Convert into this commodity at the prices of the last day.
   */
  commodity?: string | null;
  /**
   * First day, `YYYY-MM-DD` (included).
   */
  from: string;
  /**
   * Last day, `YYYY-MM-DD` (included).
   */
  to: string;
}
/**
 * The income statement of a period.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "LedgerIncomeStatementOutput".
 */
export interface LedgerIncomeStatementOutput {
  /**
   * The commodity amounts were converted into, if asked.
   */
  commodity?: string | null;
  expenses: SectionView3;
  /**
   * First day.
   */
  from: string;
  income: SectionView4;
  /**
   * Commodities no price converts into `commodity` (shown unconverted).
   */
  missing_prices: string[];
  /**
   * Income less expenses.
   */
  net: AmountView[];
  /**
   * Last day.
   */
  to: string;
}
/**
 * Expenses.
 */
export interface SectionView3 {
  /**
   * Accounts with a balance, and their parents.
   */
  accounts: RowView[];
  /**
   * The section's total.
   */
  total: AmountView[];
}
/**
 * Income, as positive amounts.
 */
export interface SectionView4 {
  /**
   * Accounts with a balance, and their parents.
   */
  accounts: RowView[];
  /**
   * The section's total.
   */
  total: AmountView[];
}
/**
 * Input of `ledger.net_worth`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "LedgerNetWorthInput".
 */
export interface LedgerNetWorthInput {
  /**
   * Convert into this commodity at each day's prices.
   */
  commodity?: string | null;
  /**
   * First day, `YYYY-MM-DD`.
   */
  from: string;
  /**
   * Distance between points.
   */
  step: 'day' | 'week' | 'month';
  /**
   * Last day, `YYYY-MM-DD` (always a point).
   */
  to: string;
}
/**
 * Net worth over time, for a chart.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "LedgerNetWorthOutput".
 */
export interface LedgerNetWorthOutput {
  /**
   * The commodity amounts were converted into, if asked.
   */
  commodity?: string | null;
  /**
   * Commodities no price converts into `commodity` on some day (shown unconverted).
   */
  missing_prices: string[];
  /**
   * The points, oldest first.
   */
  points: NetWorthPoint[];
}
/**
 * One point of a series.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "NetWorthPoint".
 */
export interface NetWorthPoint {
  /**
   * At the end of this day.
   */
  date: string;
  /**
   * Assets less liabilities.
   */
  net_worth: AmountView[];
}
/**
 * Input of `ledger.prices`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "LedgerPricesInput".
 */
export interface LedgerPricesInput {
  /**
   * Only this commodity's prices (priced, or quoted in).
   */
  commodity?: string | null;
}
/**
 * Market prices.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "LedgerPricesOutput".
 */
export interface LedgerPricesOutput {
  /**
   * By commodity, quote and date.
   */
  prices: PriceView[];
}
/**
 * A market price.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "PriceView".
 */
export interface PriceView {
  /**
   * What is priced.
   */
  commodity: string;
  /**
   * The day, `YYYY-MM-DD`.
   */
  date: string;
  /**
   * One unit's price, a positive decimal.
   */
  price: string;
  /**
   * In this commodity.
   */
  quote: string;
}
/**
 * Input of `ledger.register`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "LedgerRegisterInput".
 */
export interface LedgerRegisterInput {
  /**
   * The account (its subaccounts' postings are included).
   */
  account: string;
  /**
   * Continue after this row: the `next` of the previous page.
   */
  before?: string | null;
  /**
   * First day shown (included).
   */
  from?: string | null;
  /**
   * Most rows (default 50, at most 500).
   */
  limit?: number | null;
  /**
   * Last day shown (included).
   */
  to?: string | null;
}
/**
 * A page of an account's register, newest first.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "LedgerRegisterOutput".
 */
export interface LedgerRegisterOutput {
  /**
   * The account.
   */
  account: string;
  /**
   * Pass as `before` for the next (older) page; absent on the last page.
   */
  next?: string | null;
  /**
   * Its postings, newest first.
   */
  rows: RegisterRowView[];
}
/**
 * One posting in a register.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "RegisterRowView".
 */
export interface RegisterRowView {
  /**
   * Its account (the one asked for, or a subaccount).
   */
  account: string;
  amount: AmountView1;
  /**
   * The account's balance after it, subaccounts included, counting every earlier
   * posting (also those before `from`).
   */
  balance: AmountView[];
  /**
   * Its date.
   */
  date: string;
  /**
   * Its transaction's description.
   */
  description: string;
  /**
   * Its transaction's id.
   */
  id: number;
}
/**
 * An amount of one commodity. Amounts are decimal strings, never floating-point numbers.
 */
export interface AmountView1 {
  /**
   * The amount, a decimal (`-12.50`).
   */
  amount: string;
  /**
   * Its commodity (`EUR`, `$`, `AAPL`; empty for an amount without one).
   */
  commodity: string;
}
/**
 * A market price.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "LedgerSetPriceInput".
 */
export interface LedgerSetPriceInput {
  /**
   * What is priced.
   */
  commodity: string;
  /**
   * The day, `YYYY-MM-DD`.
   */
  date: string;
  /**
   * One unit's price, a positive decimal.
   */
  price: string;
  /**
   * In this commodity.
   */
  quote: string;
}
/**
 * A market price.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "LedgerSetPriceOutput".
 */
export interface LedgerSetPriceOutput {
  /**
   * What is priced.
   */
  commodity: string;
  /**
   * The day, `YYYY-MM-DD`.
   */
  date: string;
  /**
   * One unit's price, a positive decimal.
   */
  price: string;
  /**
   * In this commodity.
   */
  quote: string;
}
/**
 * No input.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "NetDevicesInput".
 */
export interface NetDevicesInput {}
/**
 * Output of `net.devices`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "NetDevicesOutput".
 */
export interface NetDevicesOutput {
  /**
   * The others, connected first.
   */
  devices: DeviceView[];
  /**
   * Whether this device signs the account's payments and asset transfers (one device
   * at a time does; a device restored from the recovery phrase starts without).
   */
  paying: boolean;
  /**
   * This device's peer id.
   */
  this_device: string;
}
/**
 * Another device of this account.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "DeviceView".
 */
export interface DeviceView {
  /**
   * Whether it is connected now.
   */
  connected: boolean;
  /**
   * When this node last synced with it (ms since the Unix epoch), if it has.
   */
  last_synced_at?: number | null;
  /**
   * Its network peer id.
   */
  peer_id: string;
}
/**
 * Input of `net.link_device`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "NetLinkDeviceInput".
 */
export interface NetLinkDeviceInput {
  /**
   * The other device's ticket (`net.ticket` there), as text or `supernet://` link.
   */
  ticket: string;
}
/**
 * Output of `net.devices`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "NetLinkDeviceOutput".
 */
export interface NetLinkDeviceOutput {
  /**
   * The others, connected first.
   */
  devices: DeviceView[];
  /**
   * Whether this device signs the account's payments and asset transfers (one device
   * at a time does; a device restored from the recovery phrase starts without).
   */
  paying: boolean;
  /**
   * This device's peer id.
   */
  this_device: string;
}
/**
 * No input.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "NetPeersInput".
 */
export interface NetPeersInput {}
/**
 * Output of `net.peers`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "NetPeersOutput".
 */
export interface NetPeersOutput {
  /**
   * Peers banned for misbehaving (for a while).
   */
  banned: string[];
  /**
   * Connected peers.
   */
  peers: PeerView[];
}
/**
 * A connected peer.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "PeerView".
 */
export interface PeerView {
  /**
   * The account whose node it is, once its contact card arrived.
   */
  account?: AccountId | null;
  /**
   * Addresses known for it.
   */
  addresses: string[];
  /**
   * Its software, once identified.
   */
  agent?: string | null;
  /**
   * Its file-layer endpoint id, once known.
   */
  files?: string | null;
  /**
   * Its network peer id.
   */
  peer_id: string;
  /**
   * Last ping round trip, in milliseconds.
   */
  rtt_ms?: number | null;
}
/**
 * Input of `net.set_paying`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "NetSetPayingInput".
 */
export interface NetSetPayingInput {
  /**
   * Whether this device pays from now on.
   */
  paying: boolean;
}
/**
 * Output of `net.set_paying`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "NetSetPayingOutput".
 */
export interface NetSetPayingOutput {
  /**
   * Whether this device pays now.
   */
  paying: boolean;
}
/**
 * No input.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "NetTicketInput".
 */
export interface NetTicketInput {}
/**
 * What `net.ticket` answers.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "NetTicketOutput".
 */
export interface NetTicketOutput {
  /**
   * Where this node listens.
   */
  addresses: string[];
  /**
   * The same as a `supernet://follow/…` link.
   */
  link: string;
  /**
   * This node's network peer id.
   */
  peer_id: string;
  /**
   * The link as a QR code (SVG).
   */
  qr_svg: string;
  /**
   * The ticket as text: give it to someone so their node can follow this one.
   */
  ticket: string;
}
/**
 * No input.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "NodeInfoInput".
 */
export interface NodeInfoInput {}
/**
 * Output of `node.info`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "NodeInfoOutput".
 */
export interface NodeInfoOutput {
  /**
   * The node's account, once it has one.
   */
  account?: AccountId | null;
  /**
   * Registered applications.
   */
  apps: AppInfo[];
  /**
   * Data directory (absent for an in-memory node).
   */
  data_dir?: string | null;
  /**
   * Events stored.
   */
  events: number;
  /**
   * Whether networking stays on 127.0.0.1.
   */
  local_only: boolean;
  /**
   * Its display name.
   */
  name?: string | null;
  /**
   * Supernet version.
   */
  version: string;
}
/**
 * An application, as `node.info` lists it.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AppInfo".
 */
export interface AppInfo {
  /**
   * What it is for.
   */
  description: string;
  /**
   * Namespace.
   */
  id: string;
  /**
   * Event kinds it owns.
   */
  kinds: string[];
  /**
   * Name for people.
   */
  name: string;
  /**
   * Permissions it holds.
   */
  permissions: Permission[];
}
/**
 * Input of the account-list moderation methods.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialBlockInput".
 */
export interface SocialBlockInput {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  account: string;
}
/**
 * Output of the moderation methods: everything in force.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialBlockOutput".
 */
export interface SocialBlockOutput {
  /**
   * Accounts blocked: never stored, served or relayed here.
   */
  blocked: AccountId[];
  /**
   * The hidden replies (`settings.hidden`) still stored here, newest first, as a
   * thread would show them.
   */
  hidden_replies?: PostView[];
  settings: Settings;
}
/**
 * A post as the API shows it.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "PostView".
 */
export interface PostView {
  /**
   * Files.
   */
  attachments?: Attachment[];
  /**
   * Who can read it, when it is not public (it was encrypted to them).
   */
  audience?: Audience | null;
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  author: string;
  /**
   * The author's name, from their profile.
   */
  author_name?: string | null;
  /**
   * When, in milliseconds since the Unix epoch.
   */
  created_at: number;
  /**
   * When it was last edited (see `social.history`).
   */
  edited_at?: number | null;
  /**
   * When every honest node deletes it.
   */
  expires_at?: number | null;
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  id: string;
  /**
   * The post it quotes or reposts.
   */
  quote?: QuotedPost | null;
  /**
   * Reactions, most frequent first.
   */
  reactions?: ReactionCount[];
  /**
   * Direct replies stored here.
   */
  replies?: number;
  /**
   * A comment: what it answers.
   */
  reply_to?: ReplyTo | null;
  /**
   * Its hashtags, lowercased.
   */
  tags?: string[];
  /**
   * The text, in Markdown (the latest edit's).
   */
  text: string;
  /**
   * The title of a blog post.
   */
  title?: string | null;
}
/**
 * A quoted post, shown inside the one that quotes it.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "QuotedPost".
 */
export interface QuotedPost {
  /**
   * Its files.
   */
  attachments?: Attachment[];
  /**
   * Who wrote it.
   */
  author?: AccountId | null;
  /**
   * The author's name.
   */
  author_name?: string | null;
  /**
   * When it was written.
   */
  created_at?: number;
  /**
   * Whether it is stored here (if not, only the id is known).
   */
  found: boolean;
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  id: string;
  /**
   * Its text.
   */
  text?: string;
  /**
   * Its title.
   */
  title?: string | null;
}
/**
 * A count of one reaction on a post.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ReactionCount".
 */
export interface ReactionCount {
  /**
   * How many accounts reacted so.
   */
  count: number;
  /**
   * Whether this node's account is one of them.
   */
  mine: boolean;
  /**
   * The reaction (an emoji).
   */
  reaction: string;
}
/**
 * Where a comment sits in a thread.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ReplyTo".
 */
export interface ReplyTo {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  author: string;
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  parent: string;
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  root: string;
}
/**
 * Mutes, hidden replies, and block lists followed.
 */
export interface Settings {
  /**
   * Replies hidden under this account's posts.
   */
  hidden?: EventId[];
  /**
   * Accounts whose reports act as a block list here.
   */
  lists?: AccountId[];
  /**
   * Accounts whose posts are not shown (still stored and relayed: see blocking).
   */
  muted?: AccountId[];
  /**
   * Hashtags (lowercase, no `#`): posts carrying one are not shown.
   */
  tags?: string[];
  /**
   * Words and phrases (lowercase): posts containing one are not shown.
   */
  words?: string[];
}
/**
 * Input of `social.delete`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialDeleteInput".
 */
export interface SocialDeleteInput {
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  id: string;
  /**
   * Why, shown to those who held it.
   */
  reason?: string | null;
}
/**
 * Output of `social.delete`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialDeleteOutput".
 */
export interface SocialDeleteOutput {
  /**
   * When it was deleted.
   */
  deleted_at: number;
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  id: string;
}
/**
 * Input of `social.edit`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialEditInput".
 */
export interface SocialEditInput {
  /**
   * The files it carries now (default: those it had).
   */
  attachments?: AttachInput[] | null;
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  id: string;
  /**
   * The new text.
   */
  text: string;
  /**
   * The new title (blog posts).
   */
  title?: string | null;
}
/**
 * A post as the API shows it.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialEditOutput".
 */
export interface SocialEditOutput {
  /**
   * Files.
   */
  attachments?: Attachment[];
  /**
   * Who can read it, when it is not public (it was encrypted to them).
   */
  audience?: Audience | null;
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  author: string;
  /**
   * The author's name, from their profile.
   */
  author_name?: string | null;
  /**
   * When, in milliseconds since the Unix epoch.
   */
  created_at: number;
  /**
   * When it was last edited (see `social.history`).
   */
  edited_at?: number | null;
  /**
   * When every honest node deletes it.
   */
  expires_at?: number | null;
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  id: string;
  /**
   * The post it quotes or reposts.
   */
  quote?: QuotedPost | null;
  /**
   * Reactions, most frequent first.
   */
  reactions?: ReactionCount[];
  /**
   * Direct replies stored here.
   */
  replies?: number;
  /**
   * A comment: what it answers.
   */
  reply_to?: ReplyTo | null;
  /**
   * Its hashtags, lowercased.
   */
  tags?: string[];
  /**
   * The text, in Markdown (the latest edit's).
   */
  text: string;
  /**
   * The title of a blog post.
   */
  title?: string | null;
}
/**
 * Input of `social.feed`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialFeedInput".
 */
export interface SocialFeedInput {
  /**
   * Only this author's posts (an author page).
   */
  author?: AccountId | null;
  /**
   * Continue after this cursor (the `next` of the previous page).
   */
  before?: string | null;
  /**
   * Page size, 1 to 500 (default 50).
   */
  limit?: number | null;
  /**
   * Include comments (on an author page).
   */
  replies?: boolean;
}
/**
 * A page of posts.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialFeedOutput".
 */
export interface SocialFeedOutput {
  /**
   * Cursor for the next page, when there may be one.
   */
  next?: string | null;
  /**
   * Posts, newest first.
   */
  posts: PostView[];
}
/**
 * Input of `social.follow`: a ticket (connects to that node and syncs), or an account
 * (found through the network).
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialFollowInput".
 */
export interface SocialFollowInput {
  /**
   * An account id.
   */
  account?: AccountId | null;
  /**
   * A contact ticket (text or `supernet://follow/…` link).
   */
  ticket?: string | null;
}
/**
 * Output of `social.follow` and `social.unfollow`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialFollowOutput".
 */
export interface SocialFollowOutput {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  account: string;
  /**
   * Whether it is followed now.
   */
  following: boolean;
}
/**
 * Input of the account-list moderation methods.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialFollowListInput".
 */
export interface SocialFollowListInput {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  account: string;
}
/**
 * Output of the moderation methods: everything in force.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialFollowListOutput".
 */
export interface SocialFollowListOutput {
  /**
   * Accounts blocked: never stored, served or relayed here.
   */
  blocked: AccountId[];
  /**
   * The hidden replies (`settings.hidden`) still stored here, newest first, as a
   * thread would show them.
   */
  hidden_replies?: PostView[];
  settings: Settings1;
}
/**
 * Mutes, hidden replies, and block lists followed.
 */
export interface Settings1 {
  /**
   * Replies hidden under this account's posts.
   */
  hidden?: EventId[];
  /**
   * Accounts whose reports act as a block list here.
   */
  lists?: AccountId[];
  /**
   * Accounts whose posts are not shown (still stored and relayed: see blocking).
   */
  muted?: AccountId[];
  /**
   * Hashtags (lowercase, no `#`): posts carrying one are not shown.
   */
  tags?: string[];
  /**
   * Words and phrases (lowercase): posts containing one are not shown.
   */
  words?: string[];
}
/**
 * No input.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialFollowersInput".
 */
export interface SocialFollowersInput {}
/**
 * A list of accounts.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialFollowersOutput".
 */
export interface SocialFollowersOutput {
  /**
   * The accounts.
   */
  accounts: AccountId[];
}
/**
 * No input.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialFollowingInput".
 */
export interface SocialFollowingInput {}
/**
 * A list of accounts.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialFollowingOutput".
 */
export interface SocialFollowingOutput {
  /**
   * The accounts.
   */
  accounts: AccountId[];
}
/**
 * Input of `social.hide_reply`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialHideReplyInput".
 */
export interface SocialHideReplyInput {
  /**
   * Hide (default) or show again.
   */
  hidden?: boolean;
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  id: string;
}
/**
 * Output of the moderation methods: everything in force.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialHideReplyOutput".
 */
export interface SocialHideReplyOutput {
  /**
   * Accounts blocked: never stored, served or relayed here.
   */
  blocked: AccountId[];
  /**
   * The hidden replies (`settings.hidden`) still stored here, newest first, as a
   * thread would show them.
   */
  hidden_replies?: PostView[];
  settings: Settings2;
}
/**
 * Mutes, hidden replies, and block lists followed.
 */
export interface Settings2 {
  /**
   * Replies hidden under this account's posts.
   */
  hidden?: EventId[];
  /**
   * Accounts whose reports act as a block list here.
   */
  lists?: AccountId[];
  /**
   * Accounts whose posts are not shown (still stored and relayed: see blocking).
   */
  muted?: AccountId[];
  /**
   * Hashtags (lowercase, no `#`): posts carrying one are not shown.
   */
  tags?: string[];
  /**
   * Words and phrases (lowercase): posts containing one are not shown.
   */
  words?: string[];
}
/**
 * A post by id.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialHistoryInput".
 */
export interface SocialHistoryInput {
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  id: string;
}
/**
 * Output of `social.history`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialHistoryOutput".
 */
export interface SocialHistoryOutput {
  /**
   * Every version, the original first.
   */
  versions: Version[];
}
/**
 * One version of a post.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "Version".
 */
export interface Version {
  /**
   * Its files.
   */
  attachments?: Attachment[];
  /**
   * When it was written.
   */
  created_at: number;
  /**
   * Its text.
   */
  text: string;
  /**
   * Its title.
   */
  title?: string | null;
}
/**
 * No input.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialModerationInput".
 */
export interface SocialModerationInput {}
/**
 * Output of the moderation methods: everything in force.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialModerationOutput".
 */
export interface SocialModerationOutput {
  /**
   * Accounts blocked: never stored, served or relayed here.
   */
  blocked: AccountId[];
  /**
   * The hidden replies (`settings.hidden`) still stored here, newest first, as a
   * thread would show them.
   */
  hidden_replies?: PostView[];
  settings: Settings3;
}
/**
 * Mutes, hidden replies, and block lists followed.
 */
export interface Settings3 {
  /**
   * Replies hidden under this account's posts.
   */
  hidden?: EventId[];
  /**
   * Accounts whose reports act as a block list here.
   */
  lists?: AccountId[];
  /**
   * Accounts whose posts are not shown (still stored and relayed: see blocking).
   */
  muted?: AccountId[];
  /**
   * Hashtags (lowercase, no `#`): posts carrying one are not shown.
   */
  tags?: string[];
  /**
   * Words and phrases (lowercase): posts containing one are not shown.
   */
  words?: string[];
}
/**
 * Input of the account-list moderation methods.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialMuteInput".
 */
export interface SocialMuteInput {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  account: string;
}
/**
 * Output of the moderation methods: everything in force.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialMuteOutput".
 */
export interface SocialMuteOutput {
  /**
   * Accounts blocked: never stored, served or relayed here.
   */
  blocked: AccountId[];
  /**
   * The hidden replies (`settings.hidden`) still stored here, newest first, as a
   * thread would show them.
   */
  hidden_replies?: PostView[];
  settings: Settings4;
}
/**
 * Mutes, hidden replies, and block lists followed.
 */
export interface Settings4 {
  /**
   * Replies hidden under this account's posts.
   */
  hidden?: EventId[];
  /**
   * Accounts whose reports act as a block list here.
   */
  lists?: AccountId[];
  /**
   * Accounts whose posts are not shown (still stored and relayed: see blocking).
   */
  muted?: AccountId[];
  /**
   * Hashtags (lowercase, no `#`): posts carrying one are not shown.
   */
  tags?: string[];
  /**
   * Words and phrases (lowercase): posts containing one are not shown.
   */
  words?: string[];
}
/**
 * Input of `social.mute_word` and `social.unmute_word`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialMuteWordInput".
 */
export interface SocialMuteWordInput {
  /**
   * A word or phrase, or a hashtag (`#tag`).
   */
  word: string;
}
/**
 * Output of the moderation methods: everything in force.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialMuteWordOutput".
 */
export interface SocialMuteWordOutput {
  /**
   * Accounts blocked: never stored, served or relayed here.
   */
  blocked: AccountId[];
  /**
   * The hidden replies (`settings.hidden`) still stored here, newest first, as a
   * thread would show them.
   */
  hidden_replies?: PostView[];
  settings: Settings5;
}
/**
 * Mutes, hidden replies, and block lists followed.
 */
export interface Settings5 {
  /**
   * Replies hidden under this account's posts.
   */
  hidden?: EventId[];
  /**
   * Accounts whose reports act as a block list here.
   */
  lists?: AccountId[];
  /**
   * Accounts whose posts are not shown (still stored and relayed: see blocking).
   */
  muted?: AccountId[];
  /**
   * Hashtags (lowercase, no `#`): posts carrying one are not shown.
   */
  tags?: string[];
  /**
   * Words and phrases (lowercase): posts containing one are not shown.
   */
  words?: string[];
}
/**
 * Input of `social.timeline`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialNotificationsInput".
 */
export interface SocialNotificationsInput {
  /**
   * Continue after this cursor (the `next` of the previous page).
   */
  before?: string | null;
  /**
   * Page size, 1 to 500 (default 50).
   */
  limit?: number | null;
}
/**
 * Output of `social.notifications`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialNotificationsOutput".
 */
export interface SocialNotificationsOutput {
  /**
   * Newest first.
   */
  items: Notification[];
  /**
   * Cursor for the next page.
   */
  next?: string | null;
  /**
   * How many are unread in all.
   */
  unread: number;
}
/**
 * One notification.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "Notification".
 */
export interface Notification {
  /**
   * When.
   */
  created_at: number;
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  event: string;
  /**
   * A line of its text.
   */
  excerpt?: string;
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  from: string;
  /**
   * Their name.
   */
  from_name?: string | null;
  /**
   * The post concerned: the reply, mention or quote itself, or the post reacted to.
   */
  post?: EventId | null;
  /**
   * The reaction, for a reaction.
   */
  reaction?: string | null;
  /**
   * Not seen yet.
   */
  unread: boolean;
  /**
   * `reply`, `mention`, `quote`, `reaction` or `follow`.
   */
  what: string;
}
/**
 * No input.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialNotificationsSeenInput".
 */
export interface SocialNotificationsSeenInput {}
/**
 * Output of `social.unread`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialNotificationsSeenOutput".
 */
export interface SocialNotificationsSeenOutput {
  /**
   * Unread notifications.
   */
  notifications: number;
}
/**
 * Input of `social.post`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialPostInput".
 */
export interface SocialPostInput {
  /**
   * Files, already in this node's store.
   */
  attachments?: AttachInput[];
  /**
   * Who can read it (default public): `followers`, `list` (the accounts in `to`) or
   * `private` (only this account, on its devices). Anything but public is encrypted.
   */
  audience?: Audience | null;
  /**
   * When every honest node deletes the post (and its files), in ms since the epoch.
   */
  expires_at?: number | null;
  /**
   * Quotes (with text) or reposts (without) this post (stored here).
   */
  quote?: EventId | null;
  /**
   * Makes it a comment on this post (stored here).
   */
  reply_to?: EventId | null;
  /**
   * The post, in Markdown (may be empty when files are attached or a post is quoted).
   */
  text?: string;
  /**
   * A title makes it a blog post.
   */
  title?: string | null;
  /**
   * The accounts of a `list` audience.
   */
  to?: AccountId[];
}
/**
 * A post as the API shows it.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialPostOutput".
 */
export interface SocialPostOutput {
  /**
   * Files.
   */
  attachments?: Attachment[];
  /**
   * Who can read it, when it is not public (it was encrypted to them).
   */
  audience?: Audience | null;
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  author: string;
  /**
   * The author's name, from their profile.
   */
  author_name?: string | null;
  /**
   * When, in milliseconds since the Unix epoch.
   */
  created_at: number;
  /**
   * When it was last edited (see `social.history`).
   */
  edited_at?: number | null;
  /**
   * When every honest node deletes it.
   */
  expires_at?: number | null;
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  id: string;
  /**
   * The post it quotes or reposts.
   */
  quote?: QuotedPost | null;
  /**
   * Reactions, most frequent first.
   */
  reactions?: ReactionCount[];
  /**
   * Direct replies stored here.
   */
  replies?: number;
  /**
   * A comment: what it answers.
   */
  reply_to?: ReplyTo | null;
  /**
   * Its hashtags, lowercased.
   */
  tags?: string[];
  /**
   * The text, in Markdown (the latest edit's).
   */
  text: string;
  /**
   * The title of a blog post.
   */
  title?: string | null;
}
/**
 * Input of `social.profile`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialProfileInput".
 */
export interface SocialProfileInput {
  /**
   * Whose (default: this node's account).
   */
  account?: AccountId | null;
}
/**
 * An account as people see it.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialProfileOutput".
 */
export interface SocialProfileOutput {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  account: string;
  /**
   * Whether this node blocks it.
   */
  blocked: boolean;
  /**
   * Whether this node's account follows it.
   */
  following: boolean;
  /**
   * Why its posts are hidden here, if they are (blocked, muted, on a block list).
   */
  hidden?: string | null;
  /**
   * Its posts stored here.
   */
  posts: number;
  /**
   * Its name, bio, avatar and links, when it published a profile.
   */
  profile?: ProfileBody | null;
}
/**
 * The body of a `social.profile` event: the newest one of an account is its profile.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "ProfileBody".
 */
export interface ProfileBody {
  /**
   * A picture (an image file).
   */
  avatar?: Attachment | null;
  /**
   * A few words about the account, in Markdown.
   */
  bio?: string;
  /**
   * Web addresses (`https://…`).
   */
  links?: string[];
  /**
   * The name shown for the account.
   */
  name: string;
}
/**
 * Input of `social.react` and `social.unreact`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialReactInput".
 */
export interface SocialReactInput {
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  id: string;
  /**
   * The reaction (an emoji).
   */
  reaction: string;
}
/**
 * Output of `social.react` and `social.unreact`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialReactOutput".
 */
export interface SocialReactOutput {
  post: PostView1;
}
/**
 * A post as the API shows it.
 */
export interface PostView1 {
  /**
   * Files.
   */
  attachments?: Attachment[];
  /**
   * Who can read it, when it is not public (it was encrypted to them).
   */
  audience?: Audience | null;
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  author: string;
  /**
   * The author's name, from their profile.
   */
  author_name?: string | null;
  /**
   * When, in milliseconds since the Unix epoch.
   */
  created_at: number;
  /**
   * When it was last edited (see `social.history`).
   */
  edited_at?: number | null;
  /**
   * When every honest node deletes it.
   */
  expires_at?: number | null;
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  id: string;
  /**
   * The post it quotes or reposts.
   */
  quote?: QuotedPost | null;
  /**
   * Reactions, most frequent first.
   */
  reactions?: ReactionCount[];
  /**
   * Direct replies stored here.
   */
  replies?: number;
  /**
   * A comment: what it answers.
   */
  reply_to?: ReplyTo | null;
  /**
   * Its hashtags, lowercased.
   */
  tags?: string[];
  /**
   * The text, in Markdown (the latest edit's).
   */
  text: string;
  /**
   * The title of a blog post.
   */
  title?: string | null;
}
/**
 * Input of `social.report`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialReportInput".
 */
export interface SocialReportInput {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  account: string;
  /**
   * Also block the account here (default true).
   */
  block?: boolean;
  /**
   * A post that shows why.
   */
  post?: EventId | null;
  /**
   * Why.
   */
  reason: string;
}
/**
 * Output of `social.report`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialReportOutput".
 */
export interface SocialReportOutput {
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  report: string;
}
/**
 * Input of `social.search`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialSearchInput".
 */
export interface SocialSearchInput {
  /**
   * Continue after this cursor.
   */
  before?: string | null;
  /**
   * Page size, 1 to 500 (default 50).
   */
  limit?: number | null;
  /**
   * Words to find (all of them; the last may be the start of a word).
   */
  query: string;
}
/**
 * A page of posts.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialSearchOutput".
 */
export interface SocialSearchOutput {
  /**
   * Cursor for the next page, when there may be one.
   */
  next?: string | null;
  /**
   * Posts, newest first.
   */
  posts: PostView[];
}
/**
 * Input of `social.set_profile`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialSetProfileInput".
 */
export interface SocialSetProfileInput {
  /**
   * A picture already in this node's store.
   */
  avatar?: AttachInput | null;
  /**
   * A few words, in Markdown.
   */
  bio?: string;
  /**
   * Web addresses.
   */
  links?: string[];
  /**
   * The name shown.
   */
  name: string;
}
/**
 * An account as people see it.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialSetProfileOutput".
 */
export interface SocialSetProfileOutput {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  account: string;
  /**
   * Whether this node blocks it.
   */
  blocked: boolean;
  /**
   * Whether this node's account follows it.
   */
  following: boolean;
  /**
   * Why its posts are hidden here, if they are (blocked, muted, on a block list).
   */
  hidden?: string | null;
  /**
   * Its posts stored here.
   */
  posts: number;
  /**
   * Its name, bio, avatar and links, when it published a profile.
   */
  profile?: ProfileBody | null;
}
/**
 * Input of `social.tag`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialTagInput".
 */
export interface SocialTagInput {
  /**
   * Continue after this cursor.
   */
  before?: string | null;
  /**
   * Page size, 1 to 500 (default 50).
   */
  limit?: number | null;
  /**
   * The hashtag, with or without `#`.
   */
  tag: string;
}
/**
 * A page of posts.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialTagOutput".
 */
export interface SocialTagOutput {
  /**
   * Cursor for the next page, when there may be one.
   */
  next?: string | null;
  /**
   * Posts, newest first.
   */
  posts: PostView[];
}
/**
 * A post by id.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialThreadInput".
 */
export interface SocialThreadInput {
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  id: string;
}
/**
 * Output of `social.thread`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialThreadOutput".
 */
export interface SocialThreadOutput {
  /**
   * Comments, oldest first (each names its parent).
   */
  comments: PostView[];
  /**
   * Posts of this thread deleted by their authors: which, and when.
   */
  deleted: Tombstone[];
  /**
   * Comments this node's user hid (`social.hide_reply`), oldest first: left out of
   * `comments`, and listed here so that they can be looked at and shown again.
   */
  hidden?: PostView[];
  /**
   * Whether there are more comments than shown.
   */
  more: boolean;
  /**
   * The thread's first post, when stored (and not hidden).
   */
  root?: PostView | null;
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  root_id: string;
}
/**
 * Input of `social.timeline`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialTimelineInput".
 */
export interface SocialTimelineInput {
  /**
   * Continue after this cursor (the `next` of the previous page).
   */
  before?: string | null;
  /**
   * Page size, 1 to 500 (default 50).
   */
  limit?: number | null;
}
/**
 * A page of posts.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialTimelineOutput".
 */
export interface SocialTimelineOutput {
  /**
   * Cursor for the next page, when there may be one.
   */
  next?: string | null;
  /**
   * Posts, newest first.
   */
  posts: PostView[];
}
/**
 * Input of the account-list moderation methods.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialUnblockInput".
 */
export interface SocialUnblockInput {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  account: string;
}
/**
 * Output of the moderation methods: everything in force.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialUnblockOutput".
 */
export interface SocialUnblockOutput {
  /**
   * Accounts blocked: never stored, served or relayed here.
   */
  blocked: AccountId[];
  /**
   * The hidden replies (`settings.hidden`) still stored here, newest first, as a
   * thread would show them.
   */
  hidden_replies?: PostView[];
  settings: Settings6;
}
/**
 * Mutes, hidden replies, and block lists followed.
 */
export interface Settings6 {
  /**
   * Replies hidden under this account's posts.
   */
  hidden?: EventId[];
  /**
   * Accounts whose reports act as a block list here.
   */
  lists?: AccountId[];
  /**
   * Accounts whose posts are not shown (still stored and relayed: see blocking).
   */
  muted?: AccountId[];
  /**
   * Hashtags (lowercase, no `#`): posts carrying one are not shown.
   */
  tags?: string[];
  /**
   * Words and phrases (lowercase): posts containing one are not shown.
   */
  words?: string[];
}
/**
 * Input of `social.unfollow`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialUnfollowInput".
 */
export interface SocialUnfollowInput {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  account: string;
}
/**
 * Output of `social.follow` and `social.unfollow`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialUnfollowOutput".
 */
export interface SocialUnfollowOutput {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  account: string;
  /**
   * Whether it is followed now.
   */
  following: boolean;
}
/**
 * Input of the account-list moderation methods.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialUnfollowListInput".
 */
export interface SocialUnfollowListInput {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  account: string;
}
/**
 * Output of the moderation methods: everything in force.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialUnfollowListOutput".
 */
export interface SocialUnfollowListOutput {
  /**
   * Accounts blocked: never stored, served or relayed here.
   */
  blocked: AccountId[];
  /**
   * The hidden replies (`settings.hidden`) still stored here, newest first, as a
   * thread would show them.
   */
  hidden_replies?: PostView[];
  settings: Settings7;
}
/**
 * Mutes, hidden replies, and block lists followed.
 */
export interface Settings7 {
  /**
   * Replies hidden under this account's posts.
   */
  hidden?: EventId[];
  /**
   * Accounts whose reports act as a block list here.
   */
  lists?: AccountId[];
  /**
   * Accounts whose posts are not shown (still stored and relayed: see blocking).
   */
  muted?: AccountId[];
  /**
   * Hashtags (lowercase, no `#`): posts carrying one are not shown.
   */
  tags?: string[];
  /**
   * Words and phrases (lowercase): posts containing one are not shown.
   */
  words?: string[];
}
/**
 * Input of the account-list moderation methods.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialUnmuteInput".
 */
export interface SocialUnmuteInput {
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  account: string;
}
/**
 * Output of the moderation methods: everything in force.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialUnmuteOutput".
 */
export interface SocialUnmuteOutput {
  /**
   * Accounts blocked: never stored, served or relayed here.
   */
  blocked: AccountId[];
  /**
   * The hidden replies (`settings.hidden`) still stored here, newest first, as a
   * thread would show them.
   */
  hidden_replies?: PostView[];
  settings: Settings8;
}
/**
 * Mutes, hidden replies, and block lists followed.
 */
export interface Settings8 {
  /**
   * Replies hidden under this account's posts.
   */
  hidden?: EventId[];
  /**
   * Accounts whose reports act as a block list here.
   */
  lists?: AccountId[];
  /**
   * Accounts whose posts are not shown (still stored and relayed: see blocking).
   */
  muted?: AccountId[];
  /**
   * Hashtags (lowercase, no `#`): posts carrying one are not shown.
   */
  tags?: string[];
  /**
   * Words and phrases (lowercase): posts containing one are not shown.
   */
  words?: string[];
}
/**
 * Input of `social.mute_word` and `social.unmute_word`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialUnmuteWordInput".
 */
export interface SocialUnmuteWordInput {
  /**
   * A word or phrase, or a hashtag (`#tag`).
   */
  word: string;
}
/**
 * Output of the moderation methods: everything in force.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialUnmuteWordOutput".
 */
export interface SocialUnmuteWordOutput {
  /**
   * Accounts blocked: never stored, served or relayed here.
   */
  blocked: AccountId[];
  /**
   * The hidden replies (`settings.hidden`) still stored here, newest first, as a
   * thread would show them.
   */
  hidden_replies?: PostView[];
  settings: Settings9;
}
/**
 * Mutes, hidden replies, and block lists followed.
 */
export interface Settings9 {
  /**
   * Replies hidden under this account's posts.
   */
  hidden?: EventId[];
  /**
   * Accounts whose reports act as a block list here.
   */
  lists?: AccountId[];
  /**
   * Accounts whose posts are not shown (still stored and relayed: see blocking).
   */
  muted?: AccountId[];
  /**
   * Hashtags (lowercase, no `#`): posts carrying one are not shown.
   */
  tags?: string[];
  /**
   * Words and phrases (lowercase): posts containing one are not shown.
   */
  words?: string[];
}
/**
 * Input of `social.react` and `social.unreact`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialUnreactInput".
 */
export interface SocialUnreactInput {
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  id: string;
  /**
   * The reaction (an emoji).
   */
  reaction: string;
}
/**
 * Output of `social.react` and `social.unreact`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialUnreactOutput".
 */
export interface SocialUnreactOutput {
  post: PostView2;
}
/**
 * A post as the API shows it.
 */
export interface PostView2 {
  /**
   * Files.
   */
  attachments?: Attachment[];
  /**
   * Who can read it, when it is not public (it was encrypted to them).
   */
  audience?: Audience | null;
  /**
   * An account id: the account's Ed25519 public key as bech32m text (sn1…)
   */
  author: string;
  /**
   * The author's name, from their profile.
   */
  author_name?: string | null;
  /**
   * When, in milliseconds since the Unix epoch.
   */
  created_at: number;
  /**
   * When it was last edited (see `social.history`).
   */
  edited_at?: number | null;
  /**
   * When every honest node deletes it.
   */
  expires_at?: number | null;
  /**
   * An event id: the BLAKE3 hash of the event's canonical encoding, 64 hex digits
   */
  id: string;
  /**
   * The post it quotes or reposts.
   */
  quote?: QuotedPost | null;
  /**
   * Reactions, most frequent first.
   */
  reactions?: ReactionCount[];
  /**
   * Direct replies stored here.
   */
  replies?: number;
  /**
   * A comment: what it answers.
   */
  reply_to?: ReplyTo | null;
  /**
   * Its hashtags, lowercased.
   */
  tags?: string[];
  /**
   * The text, in Markdown (the latest edit's).
   */
  text: string;
  /**
   * The title of a blog post.
   */
  title?: string | null;
}
/**
 * No input.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialUnreadInput".
 */
export interface SocialUnreadInput {}
/**
 * Output of `social.unread`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SocialUnreadOutput".
 */
export interface SocialUnreadOutput {
  /**
   * Unread notifications.
   */
  notifications: number;
}
/**
 * No input.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SyncStatusInput".
 */
export interface SyncStatusInput {}
/**
 * Output of `sync.status`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SyncStatusOutput".
 */
export interface SyncStatusOutput {
  /**
   * One entry per followed author (and this node's own account).
   */
  authors: AuthorStatus[];
  /**
   * The last sync with each peer, newest first.
   */
  peers: SyncReport[];
  /**
   * Whether the network runs.
   */
  running: boolean;
}
/**
 * Sync state of one followed author, for `sync.status`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AuthorStatus".
 */
export interface AuthorStatus {
  /**
   * The author.
   */
  account: string;
  /**
   * Events of theirs stored here.
   */
  events: number;
  /**
   * The peer of that sync.
   */
  last_peer?: string | null;
  /**
   * When a sync covering them last ended well (ms since the epoch).
   */
  last_synced_at?: number | null;
  /**
   * Events of theirs that the last sync found at a peer but this node did not keep
   * (storage quota full); absent until a sync covered them.
   */
  missing?: number | null;
  /**
   * When their newest event stored here was created.
   */
  newest_event_at?: number | null;
}
/**
 * The last sync with one peer, for `sync.status`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SyncReport".
 */
export interface SyncReport {
  /**
   * When the sync ended (ms since the epoch).
   */
  at: number;
  /**
   * Bytes of answers received.
   */
  bytes_received: number;
  /**
   * Bytes of requests sent.
   */
  bytes_sent: number;
  /**
   * Events received.
   */
  fetched: number;
  /**
   * The peer.
   */
  peer: string;
  /**
   * Reconciliation rounds.
   */
  rounds: number;
}
/**
 * Input of `tokens.create`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "TokensCreateInput".
 */
export interface TokensCreateInput {
  /**
   * Days until it stops working, 1 to 3650 (default: never).
   */
  expires_days?: number | null;
  /**
   * What it is for, e.g. the program that will use it (1 to 64 characters).
   */
  name: string;
  /**
   * The permissions it carries (`api.permissions` lists them), at least one.
   */
  permissions: string[];
}
/**
 * Output of `tokens.create`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "TokensCreateOutput".
 */
export interface TokensCreateOutput {
  /**
   * Its id, for `tokens.revoke`.
   */
  id: string;
  info: TokenView;
  /**
   * The token, shown this once: send it as `Authorization: Bearer <token>`.
   */
  token: string;
}
/**
 * The token as listed.
 */
export interface TokenView {
  /**
   * When it was made (ms since the Unix epoch).
   */
  created: number;
  /**
   * When it stops working (ms), if ever.
   */
  expires?: number | null;
  /**
   * Its id, for `tokens.revoke`.
   */
  id: string;
  /**
   * When it was last used (ms, to the minute).
   */
  last_used?: number | null;
  /**
   * The name it was given (which program uses it).
   */
  name: string;
  /**
   * What it may do.
   */
  permissions: Permission[];
  /**
   * When it was revoked (ms).
   */
  revoked?: number | null;
  /**
   * Whether it still works.
   */
  state: 'active' | 'expired' | 'revoked';
}
/**
 * No input.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "TokensListInput".
 */
export interface TokensListInput {}
/**
 * Output of `tokens.list`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "TokensListOutput".
 */
export interface TokensListOutput {
  /**
   * Every token, live ones first, newest first.
   */
  tokens: TokenView1[];
}
/**
 * An access token, as `tokens.list` shows it (never the token itself).
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "TokenView".
 */
export interface TokenView1 {
  /**
   * When it was made (ms since the Unix epoch).
   */
  created: number;
  /**
   * When it stops working (ms), if ever.
   */
  expires?: number | null;
  /**
   * Its id, for `tokens.revoke`.
   */
  id: string;
  /**
   * When it was last used (ms, to the minute).
   */
  last_used?: number | null;
  /**
   * The name it was given (which program uses it).
   */
  name: string;
  /**
   * What it may do.
   */
  permissions: Permission[];
  /**
   * When it was revoked (ms).
   */
  revoked?: number | null;
  /**
   * Whether it still works.
   */
  state: 'active' | 'expired' | 'revoked';
}
/**
 * Input of `tokens.revoke`.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "TokensRevokeInput".
 */
export interface TokensRevokeInput {
  /**
   * The token's id.
   */
  id: string;
}
/**
 * An access token, as `tokens.list` shows it (never the token itself).
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "TokensRevokeOutput".
 */
export interface TokensRevokeOutput {
  /**
   * When it was made (ms since the Unix epoch).
   */
  created: number;
  /**
   * When it stops working (ms), if ever.
   */
  expires?: number | null;
  /**
   * Its id, for `tokens.revoke`.
   */
  id: string;
  /**
   * When it was last used (ms, to the minute).
   */
  last_used?: number | null;
  /**
   * The name it was given (which program uses it).
   */
  name: string;
  /**
   * What it may do.
   */
  permissions: Permission[];
  /**
   * When it was revoked (ms).
   */
  revoked?: number | null;
  /**
   * Whether it still works.
   */
  state: 'active' | 'expired' | 'revoked';
}
/**
 * What an app is: the fields of `supernet-app.json`, plus (once published) its files.
 * Field order is fixed: its JSON is what the publisher signs.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "AppManifest".
 */
export interface AppManifest1 {
  /**
   * What it is for.
   */
  description: string;
  /**
   * Every file of the bundle, by path (empty in `supernet-app.json`).
   */
  files: {
    [k: string]: FileEntry | undefined;
  };
  /**
   * Its icon (a file of the bundle).
   */
  icon?: string | null;
  /**
   * `[a-z][a-z0-9-]{1,31}`: its namespace `app.<id>`.
   */
  id: string;
  /**
   * The event kinds it defines (`app.<id>.<name>`).
   */
  kinds: KindDecl[];
  /**
   * Its name for people.
   */
  name: string;
  /**
   * The permissions it asks for.
   */
  permissions: string[];
  /**
   * Its node-side script (a file of the bundle).
   */
  script?: string | null;
  /**
   * The page its UI opens with (a file of the bundle).
   */
  ui: string;
  /**
   * `MAJOR.MINOR.PATCH`.
   */
  version: string;
}
/**
 * A report section: accounts of one type as a tree (depth-first, parents first).
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "SectionView".
 */
export interface SectionView5 {
  /**
   * Accounts with a balance, and their parents.
   */
  accounts: RowView[];
  /**
   * The section's total.
   */
  total: AmountView[];
}
/**
 * What this node's user chose to see less of.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "Settings".
 */
export interface Settings10 {
  /**
   * Replies hidden under this account's posts.
   */
  hidden?: EventId[];
  /**
   * Accounts whose reports act as a block list here.
   */
  lists?: AccountId[];
  /**
   * Accounts whose posts are not shown (still stored and relayed: see blocking).
   */
  muted?: AccountId[];
  /**
   * Hashtags (lowercase, no `#`): posts carrying one are not shown.
   */
  tags?: string[];
  /**
   * Words and phrases (lowercase): posts containing one are not shown.
   */
  words?: string[];
}
/**
 * A transaction in the books.
 *
 * This interface was referenced by `Methods`'s JSON-Schema
 * via the `definition` "TxnView".
 */
export interface TxnView1 {
  /**
   * Its code, if any.
   */
  code?: string;
  /**
   * Its date.
   */
  date: string;
  /**
   * What it was.
   */
  description: string;
  /**
   * The id another module recorded it under (a wallet transfer's).
   */
  external?: string | null;
  /**
   * Its id.
   */
  id: number;
  /**
   * Its postings.
   */
  postings: PostingView[];
  /**
   * Its mark.
   */
  status: 'unmarked' | 'pending' | 'cleared';
}

/** The API contract version these types were generated from. */
export const CONTRACT_VERSION = 1;

/** Every method name. */
export type MethodName = keyof Methods;

/** Every method name, as a value. */
export const METHOD_NAMES = [
  'api.methods',
  'api.permissions',
  'apps.call',
  'apps.grant',
  'apps.inspect',
  'apps.install',
  'apps.list',
  'apps.publish',
  'apps.resume',
  'apps.uninstall',
  'assets.list',
  'assets.mint',
  'assets.provenance',
  'assets.transfer',
  'blobs.add',
  'blobs.fetch',
  'blobs.get',
  'blobs.list',
  'blobs.share',
  'blobs.status',
  'blobs.unpin',
  'blobs.unshare',
  'chat.add_member',
  'chat.conversations',
  'chat.create_group',
  'chat.messages',
  'chat.open_file',
  'chat.read',
  'chat.remove_member',
  'chat.send',
  'chat.settings',
  'chat.start',
  'chat.unread',
  'coin.account',
  'coin.balances',
  'coin.create_currency',
  'coin.currencies',
  'coin.join',
  'coin.parse_request',
  'coin.pay',
  'coin.request',
  'coin.transfers',
  'coin.vouch',
  'events.delete',
  'events.deleted',
  'events.export',
  'events.get',
  'events.import',
  'events.ingest',
  'events.query',
  'identity.create',
  'identity.get',
  'identity.lock',
  'identity.recover',
  'identity.unlock',
  'ledger.accounts',
  'ledger.add',
  'ledger.balance_sheet',
  'ledger.check',
  'ledger.delete',
  'ledger.export',
  'ledger.import',
  'ledger.income_statement',
  'ledger.net_worth',
  'ledger.prices',
  'ledger.register',
  'ledger.set_price',
  'net.devices',
  'net.link_device',
  'net.peers',
  'net.set_paying',
  'net.ticket',
  'node.info',
  'social.block',
  'social.delete',
  'social.edit',
  'social.feed',
  'social.follow',
  'social.follow_list',
  'social.followers',
  'social.following',
  'social.hide_reply',
  'social.history',
  'social.moderation',
  'social.mute',
  'social.mute_word',
  'social.notifications',
  'social.notifications_seen',
  'social.post',
  'social.profile',
  'social.react',
  'social.report',
  'social.search',
  'social.set_profile',
  'social.tag',
  'social.thread',
  'social.timeline',
  'social.unblock',
  'social.unfollow',
  'social.unfollow_list',
  'social.unmute',
  'social.unmute_word',
  'social.unreact',
  'social.unread',
  'sync.status',
  'tokens.create',
  'tokens.list',
  'tokens.revoke',
] as const satisfies readonly MethodName[];

/** Every stable error code the API can answer with. */
export const ERROR_CODES = [
  'invalid_input',
  'unknown_method',
  'unauthorized',
  'permission_denied',
  'not_found',
  'already_exists',
  'locked',
  'wrong_passphrase',
  'passphrase_required',
  'keystore_missing',
  'keystore_corrupt',
  'invalid_recovery_phrase',
  'malformed_event',
  'unknown_version',
  'oversize',
  'wrong_id',
  'bad_signature',
  'future_timestamp',
  'expired',
  'unknown_kind',
  'invalid_body',
  'store_corrupt',
  'foreign_database',
  'bad_export_file',
  'daemon_running',
  'unavailable',
  'io',
  'quota_exceeded',
  'over_limit',
  'frozen',
  'script_failed',
  'internal',
] as const satisfies readonly ErrorCode[];
