/**
 * createNode(init) — the one factory the other rooms call. Opens the identity, the store and
 * the libp2p node of a data directory, with the higher rooms' libp2p services plugged into net
 * (the mailbox: it holds mail for others while the node serves, and hands it off when it
 * stops serving), starts messaging on them, and builds the node's MessengerApi once:
 * `{ ...messaging's facade, stats, setServing, getIdentity, createAccount, unlock }`, one
 * abort wrapper (honourAbort) and `on` of the one event hub (a host passes its own hub in, so
 * its API exists before the node). Every room logs through one ComponentLogger named after
 * the node (`<name>-<end of device id>:tim:…`, so several nodes in one process can be told
 * apart: `DEBUG='*tim:*'`). Presence is a service too: its methods join the API, its peer gate
 * goes to net (an invisible node is not connected to its contacts), and it and messaging
 * learn of each other late (libp2p builds the services before messaging exists). Owns `<data>/node.json` (the ports chosen for port-0 listen
 * addresses, reused at the next start so a restarted node is found where its contacts last
 * saw it) and `<data>/settings.json` (the user's choice to serve others or not, `setServing`;
 * `init.serve` overrides it for one run). Holds no protocol logic itself.
 */

import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { prefixLogger } from '@libp2p/logger'
import { peerIdFromString } from '@libp2p/peer-id'
import type { ComponentLogger } from '@libp2p/interface'
import {
  groupMethods, honourAbort, IdentityExistsError, InvalidArgumentError, isPlainObject, type GroupApi, type Identity, type MessengerApi,
  type MessengerEventSource, type NodeStats, type ServeMode, type ServingStats, type SetServingRequest
} from './api/index.ts'
import { loadIdentity, writePrivateFile, type LocalIdentity } from './identity/index.ts'
import {
  defaultMailboxInit, MAILBOX_PROTOCOL, mailboxService, servingNodeMailboxQuotas, type AccountUsage, type MailboxInit, type TimMailbox
} from './mailbox/index.ts'
import { createMessaging, createEventHub, createStats, type ContactsPort, type EventHub, type MessagingInit } from './messaging/index.ts'
import { createNet, type NetComponents, type NetInit, type PeerGate, type TimLibp2p } from './net/index.ts'
import { presenceService, type PresenceContacts, type PresenceService } from './presence/index.ts'
import { createGroups, groupPubsub, groupSyncService, type GroupsInit, type GroupSync } from './social/groups/index.ts'
import type { GossipSub } from '@libp2p/gossipsub'
import { createStore } from './store/index.ts'

export { createIdentity, hasIdentity, readPublicIdentity, createInvite, type PublicIdentity } from './identity/index.ts'

export interface TimNodeInit extends Partial<Omit<NetInit, 'listen'>> {
  dataDir: string
  /** opens an encrypted keystore */
  passphrase?: string
  /** listen multiaddrs (default: TCP and WebSockets on every interface); port 0 reuses the port of the last run when it is free */
  listen?: string[]
  /** delivery and receiving settings: timeouts, retry backoff, windows, rate limits */
  messaging?: Partial<MessagingInit>
  /**
   * 'relay' always serves others: holds their mail (and, through net, relays and answers
   * STUN); a 'node' serves too while reachable from outside (`serve`, `reachable`), with
   * smaller quotas (servingNodeMailboxQuotas) unless `mailbox` says otherwise
   */
  role?: 'node' | 'relay'
  /** mailbox placement, quotas, TTL and timing */
  mailbox?: Partial<MailboxInit>
  /** groups: member device lookups, pushes, held messages, log bounds */
  groups?: GroupsInit
}

export interface TimNodeComponents {
  /** the hub the node emits its MessengerEvents into (a host's, whose API exists before the node); default: a new one */
  events?: EventHub
}

export type NodeApi = MessengerApi & MessengerEventSource

/** The libp2p services the higher rooms plug into net. */
export interface RoomServices extends Record<string, unknown> {
  mailbox: TimMailbox
  presence: PresenceService
  groups: GroupSync
  pubsub: GossipSub
}

export interface TimNode {
  /** the node's API: every method honours its caller's AbortSignal */
  api: NodeApi
  /** the same methods without the abort wrapper, for a host that forwards to them and wraps its own API once (core/host) */
  methods: MessengerApi
  identity: LocalIdentity
  libp2p: TimLibp2p<RoomServices>
  mailbox: TimMailbox
  /** takes this device's mail from its mailboxes now; resolves with the envelopes taken */
  collectMail: () => Promise<number>
  /** multiaddrs this node can be reached at, each ending in /p2p/<deviceId> */
  addresses: () => string[]
  stop: () => Promise<void>
}

export const defaultListen = ['/ip4/0.0.0.0/tcp/0', '/ip4/0.0.0.0/tcp/0/ws']

export const defaultMessagingInit: MessagingInit = {
  dialTimeoutMs: 10_000,
  helloTimeoutMs: 10_000,
  retryMinMs: 500,
  retryMaxMs: 30_000,
  idleCloseMs: 60_000,
  // enough to keep a 1 KiB stream busy at ~10,000 messages/s on a 25 ms round trip; a deeper
  // pipeline only holds more in memory (measured: 1024 cost the recipient ~25% more CPU)
  window: 256,
  deliveryDeadlineMs: 5_000,
  // at once: the mailbox lookup itself waits for the DHT's first peer (bootstrap is dialled at start)
  collectDelayMs: 0,
  collectIntervalMs: 60_000,
  recordTtlMs: 24 * 60 * 60 * 1000,
  republishMs: 60 * 60 * 1000,
  dhtTimeoutMs: 15_000,
  lookupIntervalMs: 60_000,
  // above what one node can store (the bench's sustained figure): honest bulk traffic is never
  // held back, a flood cannot outrun the disk
  ratePerSecond: 20_000,
  rateBurst: 40_000,
  // a stranger is someone typing to you for the first time: a few messages a second is plenty,
  // and its request keeps only its first few messages until you accept it
  strangerRatePerSecond: 5,
  strangerRateBurst: 20,
  maxRequestMessagesPerStranger: 10,
  maxRequestMessages: 500,
  maxUnstored: 2048
}

interface NodeFile {
  /** the listen addresses asked for, possibly with port 0 */
  requested: string[]
  /** the same addresses with the ports the OS chose */
  listen: string[]
}

const NODE_FILE = 'node.json'
const SETTINGS_FILE = 'settings.json'

interface SettingsFile {
  /** the user's choice: serve others while reachable ('auto') or never ('off') */
  serve?: ServeMode
}

async function readSettings (dataDir: string): Promise<SettingsFile> {
  try {
    const file = JSON.parse(await readFile(join(dataDir, SETTINGS_FILE), 'utf8')) as unknown
    if (!isPlainObject(file)) return {}
    return file.serve === 'auto' || file.serve === 'off' ? { serve: file.serve } : {}
  } catch {
    return {}
  }
}

/** The concrete addresses of the last run, when it asked for the same ones as now. */
async function rememberedListen (dataDir: string, requested: string[]): Promise<string[] | undefined> {
  try {
    const file = JSON.parse(await readFile(join(dataDir, NODE_FILE), 'utf8')) as NodeFile
    const same = Array.isArray(file.requested) && file.requested.join(' ') === requested.join(' ')
    return same && Array.isArray(file.listen) ? file.listen : undefined
  } catch {
    return undefined
  }
}

/** Each listen address with the port the OS chose in place of port 0. */
function concreteListen (libp2p: TimLibp2p, requested: string[]): string[] {
  const bound = libp2p.getMultiaddrs().map(address => address.toString())
  return requested.map(address => {
    if (!address.includes('/tcp/0')) {
      return address
    }
    const isWebSocket = (text: string): boolean => /\/ws(\/|$)/.test(text)
    const port = bound
      .filter(b => isWebSocket(b) === isWebSocket(address))
      .map(b => /\/tcp\/(\d+)/.exec(b)?.[1])
      .find(found => found != null)
    return port == null ? address : address.replace('/tcp/0', `/tcp/${port}`)
  })
}

/**
 * The node's logger: every line names the node (`alice-x7Qk2m:tim:mailbox …`), after the
 * account's name and the end of the device id, so several nodes in one process can be told apart.
 */
export function nodeLogger (identity: Pick<LocalIdentity, 'name' | 'deviceId'>): ComponentLogger {
  const name = identity.name.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 24)
  return prefixLogger(`${name}-${identity.deviceId.slice(-6)}`)
}

export async function createNode (init: TimNodeInit, components: TimNodeComponents = {}): Promise<TimNode> {
  const identity = await loadIdentity(init.dataDir, init.passphrase)
  const store = await createStore({ path: join(init.dataDir, 'db') })
  const requested = init.listen ?? defaultListen
  const remembered = await rememberedListen(init.dataDir, requested)
  const settings = await readSettings(init.dataDir)
  const logger = nodeLogger(identity)
  const events = components.events ?? createEventHub()
  const stats = createStats()
  // bound once made: libp2p builds the rooms' services, and messaging comes after libp2p
  let mailbox: TimMailbox | undefined
  let presence: PresenceService | undefined
  let contactsPort: ContactsPort | undefined
  // the relay's admin endpoint reports mailbox usage
  const mailboxUsage = async (): Promise<AccountUsage[]> => mailbox?.server?.usage() ?? []
  const netInit = { ...init, serve: init.serve ?? settings.serve ?? 'auto', mailboxUsage }
  const contacts: PresenceContacts = {
    accountOf: device => contactsPort?.accountOf(device) ?? null,
    devicesOf: account => contactsPort?.devicesOf(account) ?? [],
    accounts: () => contactsPort?.accounts() ?? []
  }
  const gate: PeerGate = { hides: peer => presence?.hides(peer) === true }
  const netComponents: NetComponents = { privateKey: identity.deviceKey, store, logger, gate }
  const services = {
    presence: presenceService({ account: identity.accountId, contacts, store, hub: events }),
    groups: groupSyncService(),
    pubsub: groupPubsub(),
    mailbox: mailboxService({
      ...defaultMailboxInit,
      ...(init.role === 'relay' ? {} : servingNodeMailboxQuotas),
      serve: true,
      ...init.mailbox,
      identity,
      store,
      fault: stats.fault
    })
  }
  const open = async (listen: string[]): Promise<TimLibp2p<RoomServices>> => await createNet<RoomServices>(netComponents, { ...netInit, listen }, services)
  const libp2p = await open(remembered ?? requested).catch(async (err: unknown) => {
    if (remembered == null) {
      await store.close()
      throw err
    }
    // the ports of the last run are taken now: take fresh ones
    return await open(requested)
  })
  const rooms = libp2p.services
  mailbox = rooms.mailbox
  presence = rooms.presence
  const file: NodeFile = { requested, listen: concreteListen(libp2p, requested) }
  await writePrivateFile(join(init.dataDir, NODE_FILE), JSON.stringify(file, null, 2) + '\n')

  const messaging = createMessaging({ identity, store, libp2p, events, stats, mailbox: rooms.mailbox.client, logger, presence: () => presence },
    { ...defaultMessagingInit, ...init.messaging })
  // messaging.start() tells presence once the contacts are known: an invisible node then hangs up on those that connected before
  contactsPort = messaging.contactsPort
  const serving = rooms.serving
  const groups = createGroups({
    identity,
    store,
    rooms: messaging.roomsPort,
    sync: rooms.groups,
    events,
    peerStore: libp2p.peerStore,
    connections: libp2p,
    connected: peer => libp2p.getConnections(peer).length > 0,
    connect: async peer => { await libp2p.dial(peer) },
    pubsub: rooms.pubsub,
    addressesOf: async deviceId => deviceId === identity.deviceId
      ? libp2p.getMultiaddrs().map(address => address.bytes)
      : (await libp2p.peerStore.get(peerIdFromString(deviceId)).catch(() => null))?.addresses.map(address => address.multiaddr.bytes) ?? [],
    invite: messaging.invite,
    logger
  }, init.groups)
  // before messaging: the group channel and the group bodies' handlers are registered then
  await groups.start()
  await messaging.start()
  // a mailbox node just became known: there may be mail waiting on it
  const onIdentify = (event: CustomEvent<{ protocols: string[] }>): void => {
    if (event.detail.protocols.includes(MAILBOX_PROTOCOL)) {
      void messaging.collectMail()
    }
  }
  libp2p.addEventListener('peer:identify', onIdentify)

  const addresses = (): string[] => libp2p.getMultiaddrs().map(address => address.toString())
  const getIdentity = async (): Promise<Identity> => ({
    accountId: identity.accountId,
    name: identity.name,
    deviceId: identity.deviceId,
    addresses: addresses(),
    invite: messaging.invite()
  })
  const createAccount = async (): Promise<Identity> => {
    throw new IdentityExistsError(`${init.dataDir} already holds the account ${identity.accountId}`)
  }
  const servingStats = (): ServingStats => {
    const state = serving.state()
    const held = rooms.mailbox.server?.usage() ?? []
    return {
      ...state,
      mailbox: {
        accounts: held.length,
        messages: held.reduce((sum, usage) => sum + usage.count, 0),
        bytes: held.reduce((sum, usage) => sum + usage.bytes, 0)
      }
    }
  }
  const nodeStats = async (): Promise<NodeStats> => {
    const counted = await messaging.stats()
    const rejected = { ...counted.rejected }
    for (const [name, count] of [...Object.entries(rooms.presence.counts().rejected), ...Object.entries(rooms.groups.rejected())]) {
      rejected[name] = (rejected[name] ?? 0) + count
    }
    return { ...counted, rejected, serving: servingStats() }
  }
  const setServing = async (request: SetServingRequest): Promise<ServingStats> => {
    if (!isPlainObject(request) || (request.mode !== 'auto' && request.mode !== 'off')) {
      throw new InvalidArgumentError('setServing needs { mode: \'auto\' | \'off\' }')
    }
    await writePrivateFile(join(init.dataDir, SETTINGS_FILE), JSON.stringify({ ...settings, serve: request.mode } satisfies SettingsFile, null, 2) + '\n')
    settings.serve = request.mode
    await serving.setMode(request.mode)
    return servingStats()
  }
  const groupsApi: GroupApi = groups
  const methods: MessengerApi = {
    ...messaging,
    ...Object.fromEntries(groupMethods.map(method => [method, groupsApi[method]])) as GroupApi,
    getPresence: async () => rooms.presence.getPresence(),
    setPresence: async (request) => await rooms.presence.setPresence(request),
    setTyping: async (request) => { await rooms.presence.setTyping(request) },
    stats: nodeStats,
    setServing,
    getIdentity,
    createAccount,
    unlock: getIdentity
  }

  let stopping: Promise<void> | undefined
  return {
    api: { ...honourAbort(methods), on: events.on },
    methods,
    identity,
    libp2p,
    mailbox: rooms.mailbox,
    collectMail: messaging.collectMail,
    addresses,
    stop: async () => {
      stopping ??= (async () => {
        libp2p.removeEventListener('peer:identify', onIdentify)
        // every step runs even when an earlier one fails (a full disk, say): sockets and
        // files must be released; the first failure is reported
        const failures: unknown[] = []
        for (const step of [groups.stop, messaging.stop, serving.close, async () => libp2p.stop(), store.close]) {
          await step().catch(err => { failures.push(err) })
        }
        if (failures.length > 0) {
          throw failures[0]
        }
      })()
      await stopping
    }
  }
}
