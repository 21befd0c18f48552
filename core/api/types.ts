/**
 * The MessengerApi contract and the plain-data DTOs it exchanges. Every DTO is JSON-safe
 * (strings, numbers, booleans, arrays, plain objects) so that it crosses JSON-RPC and
 * Electron IPC unchanged.
 */

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
}

export interface Message {
  id: MessageId
  /** the other account of this 1:1 conversation */
  conversation: AccountId
  from: AccountId
  to: AccountId
  direction: 'in' | 'out'
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
}

export interface Conversation {
  peer: AccountId
  name: string
  unread: number
  lastMessage: Message | null
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
}

export interface SendRequest {
  /** an account id, or the name of a contact */
  to: string
  text: string
}

export interface HistoryRequest {
  /** an account id, or the name of a contact */
  peer: string
  /** at most this many messages, newest last (default 50, max 500) */
  limit?: number
  /** only messages strictly older than this message id */
  before?: MessageId
}

export interface MarkReadRequest {
  peer: string
}

/** The methods every transport (in-process, IPC, JSON-RPC) offers. */
export interface MessengerApi {
  /** the account of this node; NoIdentityError until one is created */
  getIdentity: (options?: AbortOptions) => Promise<Identity>
  /** onboarding: creates the account and its first device, then starts the node */
  createAccount: (request: CreateAccountRequest, options?: AbortOptions) => Promise<Identity>
  /** opens keys encrypted at rest and starts the node (PassphraseRequiredError says it is locked) */
  unlock: (request: UnlockRequest, options?: AbortOptions) => Promise<Identity>
  addContact: (request: AddContactRequest, options?: AbortOptions) => Promise<Contact>
  listContacts: (options?: AbortOptions) => Promise<Contact[]>
  /** accept a message request, making the sender a contact */
  acceptContact: (peer: string, options?: AbortOptions) => Promise<Contact>
  /** block a contact or a message request: nothing more is accepted from it */
  blockContact: (peer: string, options?: AbortOptions) => Promise<Contact>
  /** lift a block: the account is again what it was before (a contact, or a message request) */
  unblockContact: (peer: string, options?: AbortOptions) => Promise<Contact>
  send: (request: SendRequest, options?: AbortOptions) => Promise<Message>
  /** put a `failed` message back into the outbox */
  retry: (id: MessageId, options?: AbortOptions) => Promise<Message>
  getMessage: (id: MessageId, options?: AbortOptions) => Promise<Message>
  history: (request: HistoryRequest, options?: AbortOptions) => Promise<Message[]>
  conversations: (options?: AbortOptions) => Promise<Conversation[]>
  /** mark every received message of a conversation read and tell the sender */
  markRead: (request: MarkReadRequest, options?: AbortOptions) => Promise<Conversation>
  stats: (options?: AbortOptions) => Promise<NodeStats>
  /** opt out of serving others ('off') or back in ('auto'); kept across restarts */
  setServing: (request: SetServingRequest, options?: AbortOptions) => Promise<ServingStats>
}

export type MessengerMethod = keyof MessengerApi

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
  send: ['object'],
  retry: ['string'],
  getMessage: ['string'],
  history: ['object'],
  conversations: [],
  markRead: ['object'],
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
  maxNameLength: 64,
  maxHistoryPage: 500,
  defaultHistoryPage: 50
} as const
