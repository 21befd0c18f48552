/**
 * The MessengerApi contract and the plain-data DTOs it exchanges. Every DTO is JSON-safe
 * (strings, numbers, booleans, arrays, plain objects) so that it crosses JSON-RPC and
 * Electron IPC unchanged.
 */

import type { ConversationId, ConversationKind } from './conversation-id.ts'

/** A printable, self-certifying account id: `tim` + base58btc(public key ‖ checksum). */
export type AccountId = string

/** A libp2p PeerId string: one device (one running node) of an account. */
export type DeviceId = string

/** A time-ordered unique message id (ULID: 26 Crockford base32 characters). */
export type MessageId = string

/**
 * Where a message is in its life:
 * - `pending`: persisted in the outbox, not yet written to the recipient
 * - `sent`: written to the recipient's device, no ack yet
 * - `stored`: held by mailbox nodes for an offline recipient (relay issue)
 * - `delivered`: the recipient's device persisted it and returned a signed ack
 * - `read`: the recipient marked it read
 * - `failed`: will not be delivered; `failure` says why
 */
export type MessageState = 'pending' | 'sent' | 'stored' | 'delivered' | 'read' | 'failed'

/** How a message or connection travelled. `null` until it has travelled at all. */
export type MessagePath = 'direct' | 'relayed' | 'hole-punched' | 'mailbox'

/** How one connection reaches a device. */
export type ConnectionPath = 'direct' | 'hole-punched' | 'relayed'

/** Connection paths, best first. */
export const connectionPreference: readonly ConnectionPath[] = ['direct', 'hole-punched', 'relayed']

/** The best of some paths; null when there are none. */
export function bestOf (paths: ReadonlyArray<ConnectionPath | null>): ConnectionPath | null {
  return connectionPreference.find(path => paths.includes(path)) ?? null
}

/** How a contact can be reached right now. */
export type Reachability = 'direct' | 'relayed' | 'offline'

/** Whether a contact is one the user added, a stranger's message request, or blocked. */
export type ContactStatus = 'accepted' | 'request' | 'blocked'

export interface AbortOptions {
  signal?: AbortSignal
}

export interface DeviceInfo {
  deviceId: DeviceId
  name: string
  /** ms since epoch, from the device certificate */
  created: number
  /** multiaddrs last known for this device */
  addresses: string[]
  /** how this device is connected right now; null when it is not */
  connection: ConnectionPath | null
  /** why no direct connection to this device could be made (e.g. a symmetric NAT), when one could not */
  upgradeFailure?: string
}

export interface Identity {
  accountId: AccountId
  name: string
  deviceId: DeviceId
  /** the multiaddrs this node listens on, each ending in /p2p/<deviceId> */
  addresses: string[]
  /** a `tim://` link that lets someone add this account */
  invite: string
}

export interface Contact {
  accountId: AccountId
  name: string
  status: ContactStatus
  devices: DeviceInfo[]
  reachability: Reachability
  /** ms since epoch */
  addedAt: number
  /** both sides added each other (or one accepted the other's request) */
  friend: boolean
  /** the note that came with this account's contact request */
  note?: string
  /** the user compared safety numbers with this contact and said they match */
  verified: boolean
  /** the contact's devices changed since the user verified it: compare safety numbers again */
  keysChanged: boolean
  /** what the contact shares of its presence; `offline` while it shares nothing */
  presence: Presence
}

/** A contact's presence as this node sees it. Invisible contacts look exactly like offline ones. */
export interface Presence {
  status: 'online' | 'away' | 'busy' | 'offline'
  /** the contact's own status text */
  text?: string
  /** when the contact was last online, ms since epoch, unless it hides that */
  lastSeen?: number
}

/** What this node tells its contacts about itself. */
export type PresenceStatus = 'online' | 'away' | 'busy' | 'invisible'

export interface MyPresence {
  status: PresenceStatus
  text?: string
  /** whether contacts may see when this account was last online */
  shareLastSeen: boolean
}

/** What a message is. `unsupported`: a kind this node does not know, kept with its raw bytes. */
export type MessageKind = 'text' | 'custom' | 'unsupported'

/** The message a reply quotes, as it was when the reply was written or read. */
export interface MessageQuote {
  id: MessageId
  from: AccountId
  /** the start of the quoted text; empty once that message is erased */
  text: string
}

export interface Reaction {
  emoji: string
  /** who reacted with it, in order */
  from: AccountId[]
}

/** Why a message's content is gone for everyone: its sender recalled it, or its burn timer ran out. */
export type ErasedReason = 'recalled' | 'burnt'

export interface Message {
  id: MessageId
  conversation: ConversationId
  from: AccountId
  direction: 'in' | 'out'
  kind: MessageKind
  /** the text of a text message (the latest edit); empty for other kinds and once erased */
  text: string
  /** sender's clock, ms since epoch */
  timestamp: number
  state: MessageState
  path: MessagePath | null
  /** why a message is `failed` */
  failure?: string
  /**
   * an incoming message's id as its sender gave it, when it differs from `id`: another
   * account's message already held that id here (ids are unique per sender, not across them)
   */
  sentAs?: MessageId
  /** the message this one replies to */
  replyTo?: MessageQuote
  /** when the sender last edited the text, ms since epoch */
  editedAt?: number
  reactions?: Reaction[]
  /**
   * burn after reading: the message is erased `seconds` after it is first shown; `expiresAt`
   * once that has happened somewhere
   */
  burn?: { seconds: number, expiresAt?: number }
  /** an application-defined kind: its type name and its bytes (base64) */
  custom?: { type: string, data: string }
  /** a kind this node does not know: the decrypted payload's bytes (base64), for the API */
  unsupported?: { data: string }
  /** the content is gone for everyone; only this tombstone is kept */
  erased?: ErasedReason
  /**
   * on the sender's side once it recalled the message: the recipient's devices and whether
   * each confirmed that it erased its copy
   */
  recall?: { devices: Array<{ deviceId: DeviceId, confirmed: boolean }> }
}

export interface Conversation {
  id: ConversationId
  kind: ConversationKind
  name: string
  unread: number
  /** the oldest unread message, where the "new messages" divider goes */
  firstUnread?: MessageId
  lastMessage: Message | null
}

/** owner: one per group, can do anything; manager: runs the members; member: talks */
export type GroupRole = 'owner' | 'manager' | 'member'

export interface GroupMember {
  accountId: AccountId
  /** the contact's name, the name the member's device certificate carries, or '' */
  name: string
  role: GroupRole
  /** muted until then, ms since epoch; absent when not muted */
  mutedUntil?: number
  /** when the op that made it a member was written (its author's clock), ms since epoch */
  since: number
}

export interface GroupInfo {
  id: ConversationId
  name: string
  topic: string
  /** a data: URL of the avatar image, or null */
  avatar: string | null
  /** open: the invite link joins; private: it sends a request to the owner and managers */
  open: boolean
  owner: AccountId
  /** this account's role; null once it left or was removed */
  myRole: GroupRole | null
  memberCount: number
  /** the owner dissolved it: nothing more can happen in it */
  dissolved: boolean
  /** why this account is no longer a member, when it is not */
  ended?: 'left' | 'removed' | 'dissolved'
  /** the invite link (tim://group/…), for members */
  link?: string
}

export interface CreateGroupRequest {
  name: string
  topic?: string
  /** a data: URL of a PNG, JPEG, GIF or WebP image, at most limits.maxGroupAvatarBytes decoded */
  avatar?: string | null
  /** open (default false): the invite link joins; private: it asks the owner and managers */
  open?: boolean
  /** accounts added at once (contacts, or any account id) */
  members?: AccountId[]
}

export interface GroupMembersRequest {
  conversation: ConversationId
  members: AccountId[]
}

export interface GroupMemberRequest {
  conversation: ConversationId
  account: AccountId
}

export interface SetGroupRoleRequest extends GroupMemberRequest {
  role: 'manager' | 'member'
}

export interface MuteMemberRequest extends GroupMemberRequest {
  /** muted until then, ms since epoch; null unmutes */
  until: number | null
}

export interface EditGroupRequest {
  conversation: ConversationId
  name?: string
  topic?: string
  avatar?: string | null
  open?: boolean
}

export interface JoinGroupRequest {
  /** a tim://group/… link */
  link: string
  /** for a private group: a note to the owner and managers, at most limits.maxNoteLength characters */
  note?: string
}

export interface JoinGroupResult {
  conversation: ConversationId
  /** joined: a member now; requested: the owner and managers were asked */
  status: 'joined' | 'requested'
}

/** An account asking to join a private group, as its owner and managers see it. */
export interface GroupJoinRequestInfo {
  conversation: ConversationId
  accountId: AccountId
  name: string
  note: string
  at: number
}

/** Who of a group has one of our group messages. */
export interface ReadByInfo {
  id: MessageId
  /** members it was sent to (the members when it was sent, but us) */
  total: number
  /** members whose device has it (read ones included) */
  delivered: AccountId[]
  /** members who have read it */
  read: AccountId[]
}

export interface NodeStats {
  /** inbound frames rejected, by error name (MalformedFrameError, InvalidSignatureError …) */
  rejected: Record<string, number>
  /** envelopes received from blocked contacts and dropped */
  blocked: number
  /** envelopes accepted and persisted */
  received: number
  /** envelopes acknowledged by recipients */
  delivered: number
  /** currently open libp2p connections */
  connections: number
  /** what this node serves others (absent where the node does not say) */
  serving?: ServingStats
}

/** 'auto': serve others while this node is reachable from outside; 'off': never (opted out). */
export type ServeMode = 'auto' | 'off'

/**
 * What this node does for others. Every node reachable from outside serves (DHT server,
 * circuit-relay reservations, mailbox storage) unless its user opted out; behind a NAT it
 * stays a client. `reason`: 'relay' (`tim relay` always serves), 'forced' (the user said it is
 * reachable), 'public-address' (AutoNAT confirmed one), 'not-reachable', 'opted-out'.
 */
export interface ServingStats {
  serving: boolean
  mode: ServeMode
  reason: 'relay' | 'forced' | 'public-address' | 'not-reachable' | 'opted-out'
  dhtMode: 'client' | 'server'
  /** when `serving` last changed, ms since epoch */
  since: number
  /** circuit-relay reservations held for others, and the most allowed */
  reservations: { count: number, max: number }
  /** mail held for others: accounts, envelopes and their bytes */
  mailbox: { accounts: number, messages: number, bytes: number }
}

export interface SetServingRequest {
  mode: ServeMode
}

export interface CreateAccountRequest {
  /** the display name others see first */
  name: string
  /** encrypts the keys at rest when given */
  passphrase?: string
}

export interface UnlockRequest {
  passphrase: string
}

export interface AddContactRequest {
  invite: string
  name?: string
  /** a short note that goes with the contact request */
  note?: string
}

export interface RenameContactRequest {
  /** an account id, or the name of a contact */
  peer: string
  name: string
}

export interface SafetyNumber {
  accountId: AccountId
  /** 60 digits in 12 groups of 5: the same on both sides when nobody is in between */
  safetyNumber: string
  /** what a QR code shows, for the other side to scan and compare */
  qr: string
  verified: boolean
  keysChanged: boolean
}

export interface VerifyContactRequest {
  peer: string
  /** the user compared the safety numbers and they match (false: forget that) */
  verified: boolean
}

export interface SendRequest {
  conversation: ConversationId
  /** the text of a text message; omitted for a custom kind */
  text?: string
  /** the message this one replies to (quoted) */
  replyTo?: MessageId
  /** burn after reading: erased this many seconds after it is first shown */
  burnSeconds?: number
  /** an application-defined kind instead of text: a type name and bytes (base64) */
  custom?: { type: string, data: string }
}

export interface HistoryRequest {
  conversation: ConversationId
  /** at most this many messages, newest last (default 50, max 500) */
  limit?: number
  /** only messages strictly older than this message id */
  before?: MessageId
}

export interface MarkReadRequest {
  conversation: ConversationId
  /** mark received messages up to and including this one (default: all of them) */
  upTo?: MessageId
}

export interface EditMessageRequest {
  id: MessageId
  text: string
}

export interface ReactRequest {
  id: MessageId
  emoji: string
  /** take this reaction back */
  remove?: boolean
}

export interface TypingRequest {
  conversation: ConversationId
  typing: boolean
}

export interface SetPresenceRequest {
  status: PresenceStatus
  /** a status text (empty: none) */
  text?: string
  shareLastSeen?: boolean
}

/** The methods every transport (in-process, IPC, JSON-RPC) offers. */
export interface MessengerApi {
  /** the account of this node; NoIdentityError until one is created */
  getIdentity: (options?: AbortOptions) => Promise<Identity>
  /** onboarding: creates the account and its first device, then starts the node */
  createAccount: (request: CreateAccountRequest, options?: AbortOptions) => Promise<Identity>
  /** opens keys encrypted at rest and starts the node (PassphraseRequiredError says it is locked) */
  unlock: (request: UnlockRequest, options?: AbortOptions) => Promise<Identity>
  /** adds a contact from its invite or account id and sends it a contact request (with `note`) */
  addContact: (request: AddContactRequest, options?: AbortOptions) => Promise<Contact>
  listContacts: (options?: AbortOptions) => Promise<Contact[]>
  /** accept a message request, making the sender a contact */
  acceptContact: (peer: string, options?: AbortOptions) => Promise<Contact>
  /** block a contact or a message request: nothing more is accepted from it */
  blockContact: (peer: string, options?: AbortOptions) => Promise<Contact>
  /** lift a block: the account is again what it was before (a contact, or a message request) */
  unblockContact: (peer: string, options?: AbortOptions) => Promise<Contact>
  /** forget a contact (its conversation stays until deleteConversation) */
  removeContact: (peer: string, options?: AbortOptions) => Promise<void>
  renameContact: (request: RenameContactRequest, options?: AbortOptions) => Promise<Contact>
  /** the safety number to compare with a contact */
  safetyNumber: (peer: string, options?: AbortOptions) => Promise<SafetyNumber>
  /** say that the safety numbers matched (or forget that they did) */
  verifyContact: (request: VerifyContactRequest, options?: AbortOptions) => Promise<Contact>
  /**
   * queues a message; it is in the history (pending) before this resolves. An abort is
   * honoured until the message is stored: once it is (the `message:queued` event says so), it
   * will be sent whatever happens to the call, and only `recall` takes it back
   */
  send: (request: SendRequest, options?: AbortOptions) => Promise<Message>
  /** put a `failed` message back into the outbox */
  retry: (id: MessageId, options?: AbortOptions) => Promise<Message>
  getMessage: (id: MessageId, options?: AbortOptions) => Promise<Message>
  /** change the text of one of our own text messages, for everyone */
  editMessage: (request: EditMessageRequest, options?: AbortOptions) => Promise<Message>
  /** add or take back a reaction */
  react: (request: ReactRequest, options?: AbortOptions) => Promise<Message>
  /** delete one of our own messages for everyone: its content is erased on every device */
  recall: (id: MessageId, options?: AbortOptions) => Promise<Message>
  /** delete a message from this node only */
  deleteMessage: (id: MessageId, options?: AbortOptions) => Promise<void>
  /** delete a whole conversation's history from this node */
  deleteConversation: (conversation: ConversationId, options?: AbortOptions) => Promise<void>
  history: (request: HistoryRequest, options?: AbortOptions) => Promise<Message[]>
  conversations: (options?: AbortOptions) => Promise<Conversation[]>
  /** mark received messages read (only what the user has seen) and tell their senders */
  markRead: (request: MarkReadRequest, options?: AbortOptions) => Promise<Conversation>
  /** tell the conversation that the user is typing, or stopped; never stored */
  setTyping: (request: TypingRequest, options?: AbortOptions) => Promise<void>
  getPresence: (options?: AbortOptions) => Promise<MyPresence>
  /** what contacts see of this account: online, away, busy or invisible, and a status text */
  setPresence: (request: SetPresenceRequest, options?: AbortOptions) => Promise<MyPresence>
  /** a new group with us as its owner, and `members` added */
  createGroup: (request: CreateGroupRequest, options?: AbortOptions) => Promise<GroupInfo>
  listGroups: (options?: AbortOptions) => Promise<GroupInfo[]>
  getGroup: (conversation: ConversationId, options?: AbortOptions) => Promise<GroupInfo>
  groupMembers: (conversation: ConversationId, options?: AbortOptions) => Promise<GroupMember[]>
  /** adds accounts (owner and managers; any member of an open group) */
  inviteToGroup: (request: GroupMembersRequest, options?: AbortOptions) => Promise<GroupInfo>
  /** joins an open group through its link, or asks to join a private one */
  joinGroup: (request: JoinGroupRequest, options?: AbortOptions) => Promise<JoinGroupResult>
  /** requests waiting for the owner or a manager */
  groupRequests: (conversation: ConversationId, options?: AbortOptions) => Promise<GroupJoinRequestInfo[]>
  approveJoin: (request: GroupMemberRequest, options?: AbortOptions) => Promise<GroupInfo>
  rejectJoin: (request: GroupMemberRequest, options?: AbortOptions) => Promise<void>
  kickMember: (request: GroupMemberRequest, options?: AbortOptions) => Promise<GroupInfo>
  leaveGroup: (conversation: ConversationId, options?: AbortOptions) => Promise<GroupInfo>
  dissolveGroup: (conversation: ConversationId, options?: AbortOptions) => Promise<GroupInfo>
  transferGroup: (request: GroupMemberRequest, options?: AbortOptions) => Promise<GroupInfo>
  setMemberRole: (request: SetGroupRoleRequest, options?: AbortOptions) => Promise<GroupInfo>
  muteMember: (request: MuteMemberRequest, options?: AbortOptions) => Promise<GroupInfo>
  editGroup: (request: EditGroupRequest, options?: AbortOptions) => Promise<GroupInfo>
  /** a new invite link; the old one stops working */
  resetGroupLink: (conversation: ConversationId, options?: AbortOptions) => Promise<GroupInfo>
  /** which members have one of our group messages, and which have read it */
  readBy: (id: MessageId, options?: AbortOptions) => Promise<ReadByInfo>
  stats: (options?: AbortOptions) => Promise<NodeStats>
  /** opt out of serving others ('off') or back in ('auto'); kept across restarts */
  setServing: (request: SetServingRequest, options?: AbortOptions) => Promise<ServingStats>
}

export type MessengerMethod = keyof MessengerApi

/** The methods of groups (core/social/groups implements them). */
export type GroupMethod =
  | 'createGroup' | 'listGroups' | 'getGroup' | 'groupMembers' | 'inviteToGroup' | 'joinGroup'
  | 'groupRequests' | 'approveJoin' | 'rejectJoin' | 'kickMember' | 'leaveGroup' | 'dissolveGroup'
  | 'transferGroup' | 'setMemberRole' | 'muteMember' | 'editGroup' | 'resetGroupLink' | 'readBy'
export type GroupApi = Pick<MessengerApi, GroupMethod>
/** Every group method's name (the compiler flags one missing from the list). */
export const groupMethods = Object.keys({
  createGroup: true, listGroups: true, getGroup: true, groupMembers: true, inviteToGroup: true, joinGroup: true,
  groupRequests: true, approveJoin: true, rejectJoin: true, kickMember: true, leaveGroup: true, dissolveGroup: true,
  transferGroup: true, setMemberRole: true, muteMember: true, editGroup: true, resetGroupLink: true, readBy: true
} satisfies Record<GroupMethod, true>) as readonly GroupMethod[]

/**
 * The positional parameters of each MessengerApi method, without the trailing options
 * object (the server appends its own `{ signal }`). `Record` makes the compiler flag a
 * method added to the contract but missing here. Only the outer type is checked at the
 * transport boundary (RPC, IPC); the values themselves are validated by the API implementation.
 */
export type ParamKind = 'string' | 'object'

export const methodParams: Record<MessengerMethod, readonly ParamKind[]> = {
  getIdentity: [],
  createAccount: ['object'],
  unlock: ['object'],
  addContact: ['object'],
  listContacts: [],
  acceptContact: ['string'],
  blockContact: ['string'],
  unblockContact: ['string'],
  removeContact: ['string'],
  renameContact: ['object'],
  safetyNumber: ['string'],
  verifyContact: ['object'],
  send: ['object'],
  retry: ['string'],
  getMessage: ['string'],
  editMessage: ['object'],
  react: ['object'],
  recall: ['string'],
  deleteMessage: ['string'],
  deleteConversation: ['string'],
  history: ['object'],
  conversations: [],
  markRead: ['object'],
  setTyping: ['object'],
  getPresence: [],
  setPresence: ['object'],
  createGroup: ['object'],
  listGroups: [],
  getGroup: ['string'],
  groupMembers: ['string'],
  inviteToGroup: ['object'],
  joinGroup: ['object'],
  groupRequests: ['string'],
  approveJoin: ['object'],
  rejectJoin: ['object'],
  kickMember: ['object'],
  leaveGroup: ['string'],
  dissolveGroup: ['string'],
  transferGroup: ['object'],
  setMemberRole: ['object'],
  muteMember: ['object'],
  editGroup: ['object'],
  resetGroupLink: ['string'],
  readBy: ['string'],
  stats: [],
  setServing: ['object']
}

/** A JSON object: not null, not an array. */
export function isPlainObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function kindOf (value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

/**
 * Checks the params of a MessengerApi call. Returns the positional arguments, or a
 * sentence saying what is wrong.
 */
export function checkMethodParams (method: MessengerMethod, params: unknown): unknown[] | string {
  const expected = methodParams[method]
  if (params === undefined && expected.length === 0) return []
  if (!Array.isArray(params)) {
    return `params of ${method} must be an array of positional arguments`
  }
  if (params.length !== expected.length) {
    return `${method} takes ${expected.length} argument${expected.length === 1 ? '' : 's'}, got ${params.length}`
  }
  for (let i = 0; i < expected.length; i++) {
    const value: unknown = params[i]
    const ok = expected[i] === 'object' ? isPlainObject(value) : typeof value === 'string'
    if (!ok) return `argument ${i + 1} of ${method} must be ${expected[i] === 'object' ? 'an object' : 'a string'}, got ${kindOf(value)}`
  }
  return params
}

/** Every method name, for transports that must check what they forward. */
export const messengerMethods = Object.keys(methodParams) as readonly MessengerMethod[]

export function isMessengerMethod (name: unknown): name is MessengerMethod {
  return typeof name === 'string' && (messengerMethods as readonly string[]).includes(name)
}

/** Protocol limits that the API validates against before anything touches the wire. */
export const limits = {
  /** UTF-8 bytes of one message text */
  maxTextBytes: 16 * 1024,
  /** bytes of a custom kind's data (before base64) */
  maxCustomBytes: 16 * 1024,
  /** characters of a custom kind's type name: letters, digits and `.-_/` */
  maxCustomTypeLength: 64,
  /** UTF-8 bytes of one reaction (one emoji, possibly with modifiers) */
  maxEmojiBytes: 32,
  minBurnSeconds: 1,
  maxBurnSeconds: 7 * 24 * 60 * 60,
  maxNameLength: 64,
  /** characters of a contact request's note */
  maxNoteLength: 280,
  /** characters of a status text */
  maxStatusTextLength: 140,
  maxHistoryPage: 500,
  defaultHistoryPage: 50,
  /** members of one group (a group op that would pass it is refused with GroupFullError) */
  maxGroupMembers: 1000,
  /** characters of a group's topic */
  maxGroupTopicLength: 280,
  /** bytes of a group's avatar image */
  maxGroupAvatarBytes: 32 * 1024,
  /** accounts one group op may add */
  maxAccountsPerGroupOp: 256,
  /** parents one group op may name */
  maxGroupOpParents: 16
} as const
