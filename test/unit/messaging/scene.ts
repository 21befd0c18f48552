/**
 * Alice's node as the messaging unit tests see it: the parts of core/messaging that keep state
 * (history, contacts with Bob among them, outbox and outgoing state machine, erasure, views,
 * inbound) over a real store in a temp directory, wired as messaging/index.ts wires them, with a
 * fake delivery that only records what it is asked to carry, a mailbox port stub, and every
 * event and durable write recorded in order. No sockets: tests hand envelopes to `inbound` and
 * report to `outgoing.deliveryEvents` what a delivery would.
 */

import assert from 'node:assert/strict'
import { join } from 'node:path'
import { logger } from '@libp2p/logger'
import type { Contact, ContactStatus, MessageStateChange, MessengerEventName, MessengerEvents } from '../../../core/api/index.ts'
import type { VerifiedDevice } from '../../../core/identity/index.ts'
import { createBatchWriter, type BatchWriter } from '../../../core/messaging/batch-writer.ts'
import { createContactBook, type ContactBook, type ContactEntry } from '../../../core/messaging/contacts.ts'
import type { OutboundEnvelope } from '../../../core/messaging/delivery.ts'
import { createEnvelopeCodec } from '../../../core/messaging/envelopes.ts'
import { createErasure, type Erasure } from '../../../core/messaging/erasure.ts'
import { createEventHub, type EventHub } from '../../../core/messaging/events.ts'
import { createForeignBodies } from '../../../core/messaging/foreign-bodies.ts'
import { createInbound, type Inbound } from '../../../core/messaging/inbound.ts'
import type { MailboxPort } from '../../../core/messaging/mailbox-port.ts'
import { createKeyedLocks } from '../../../core/messaging/keyed-locks.ts'
import { createMessageStore, type MessageStore } from '../../../core/messaging/message-store.ts'
import { createOutbox } from '../../../core/messaging/outbox.ts'
import { createOutgoing, type Outgoing } from '../../../core/messaging/outgoing.ts'
import { createRequestCounter, type RequestLimits } from '../../../core/messaging/requests.ts'
import { createStats, type Stats } from '../../../core/messaging/stats.ts'
import { createViews, type Views } from '../../../core/messaging/views.ts'
import { createStore, type Store } from '../../../core/store/index.ts'
import { decodeEnvelope, type Body, type Envelope, type MailboxTicket } from '../../../core/wire/index.ts'
import { tempDir, type AfterHook } from '../../helpers/temp-dir.ts'
import { newIdentity, otherDevice, type TestIdentity } from './helpers.ts'

/** One event as emitted. */
export type EmittedEvent = { [E in MessengerEventName]: { name: E, detail: MessengerEvents[E] } }[MessengerEventName]

export interface Scene {
  store: Store
  history: MessageStore
  contacts: ContactBook
  outgoing: Outgoing
  erasure: Erasure
  views: Views
  inbound: Inbound
  /** the node's event hub: what is emitted on it is recorded in `emitted` */
  events: EventHub
  /** Bob, a contact of Alice's */
  bob: ContactEntry
  /** every enqueue call delivery got, in order */
  enqueued: OutboundEnvelope[][]
  /** every event emitted, in order */
  emitted: EmittedEvent[]
  /** every message:state event, in order */
  changes: MessageStateChange[]
  /** what happened in order: 'write' once a write through the batch writer is durable, 'event <state>' for each message:state */
  order: string[]
  deposits: Array<{ recipient: VerifiedDevice, envelope: Envelope, ticket?: MailboxTicket }>
  stats: Stats
}

export interface SceneInit {
  path: string
  alice: TestIdentity
  bobDevices: VerifiedDevice[]
  /** Bob's status in Alice's contacts (accepted when absent) */
  bobStatus?: ContactStatus
  /** copies each deposit reaches (0: no mailbox reachable) */
  mailboxCopies?: number
  /** whether this node appears offline (receipts wait); visible when absent */
  presence?: { invisible: boolean }
  requestLimits?: RequestLimits
}

/** what the mailbox port stub is handed as Bob's ticket */
export const ticket = { version: 1 } as unknown as MailboxTicket

/** a batch writer that notes each write once it is durable */
function observedWriter (writer: BatchWriter, order: string[]): BatchWriter {
  return {
    write: async (operations, latest) => {
      await writer.write(operations, latest)
      order.push('write')
    },
    exclusive: writer.exclusive
  }
}

async function bobEntry (contacts: ContactBook, init: SceneInit): Promise<ContactEntry> {
  const known = contacts.get(init.bobDevices[0].accountId)
  if (known != null) return known
  let record = { accountId: init.bobDevices[0].accountId, name: 'Bob', status: init.bobStatus ?? 'accepted', devices: [] as string[], addedAt: 1 }
  for (const device of init.bobDevices) {
    record = (await contacts.save(record, device)).record
  }
  const entry = contacts.get(record.accountId)
  assert.ok(entry != null)
  return entry
}

/** what clients see of a contact, as far as these tests need (the contact manager's view has more) */
async function contactView ({ record }: ContactEntry): Promise<Contact> {
  return {
    accountId: record.accountId,
    name: record.name,
    status: record.status,
    devices: [],
    reachability: 'offline',
    addedAt: record.addedAt,
    friend: record.status === 'accepted' && record.theyAdded === true,
    ...(record.note != null ? { note: record.note } : {}),
    verified: false,
    keysChanged: false,
    presence: { status: 'offline' }
  }
}

/** Alice's node over the store at `init.path` (a second call on the same path is a restart). */
export async function openScene (t: AfterHook, init: SceneInit): Promise<Scene> {
  const store = await createStore({ path: init.path })
  const contacts = createContactBook(store)
  await contacts.load()
  const bob = await bobEntry(contacts, init)
  const history = createMessageStore(store)
  const events = createEventHub()
  const recorded: Omit<Scene, 'outgoing' | 'erasure' | 'views' | 'inbound'> = {
    store, history, contacts, events, bob, enqueued: [], emitted: [], changes: [], order: [], deposits: [], stats: createStats()
  }
  const emit = events.emit
  events.emit = (name, detail) => {
    recorded.emitted.push({ name, detail } as EmittedEvent)
    emit(name, detail)
  }
  events.on('message:state', change => {
    recorded.changes.push(change)
    recorded.order.push(`event ${change.state}`)
  })
  const mailbox: MailboxPort = {
    deposit: async (recipient, envelope, options) => {
      recorded.deposits.push({ recipient, envelope, ticket: options?.ticket })
      return init.mailboxCopies ?? 3
    },
    depositGroup: async () => init.mailboxCopies ?? 3,
    collect: async function * () {}
  }
  const codec = createEnvelopeCodec(init.alice.identity)
  const writer = observedWriter(createBatchWriter(store), recorded.order)
  const outgoing = createOutgoing({
    history,
    writer,
    outbox: createOutbox(store, { codec, device: deviceId => contacts.byDevice(deviceId)?.devices.find(d => d.deviceId === deviceId) }),
    codec,
    contacts,
    tickets: { get: async () => ticket },
    events,
    stats: recorded.stats,
    delivery: { enqueue: items => { recorded.enqueued.push(items) } },
    mailbox,
    invisible: () => init.presence?.invisible ?? false,
    device: deviceId => contacts.byDevice(deviceId)?.devices.find(device => device.deviceId === deviceId),
    store,
    log: logger('test:outgoing')
  })
  const views = createViews({ history, outgoing, contacts, channels: new Map() })
  const erasure = createErasure({ store, history, writer, events, view: views.message, log: logger('test:erasure') }, { purgeDelayMs: 60_000 })
  const requests = createRequestCounter({ contacts, history }, init.requestLimits ?? { maxRequestMessagesPerStranger: 3, maxRequestMessages: 5 })
  const inbound = createInbound({
    foreign: createForeignBodies(),
    history,
    writer,
    contacts,
    requests,
    outgoing,
    erasure,
    views,
    events,
    stats: recorded.stats,
    contactView,
    lock: createKeyedLocks(),
    receiptsTo: entry => entry.record.status === 'accepted' && init.presence?.invisible !== true,
    log: logger('test:inbound')
  })
  await requests.load()
  await inbound.load()
  await erasure.start(async id => (await history.getMany([id]))[0])
  t.after(async () => {
    await erasure.stop()
    await store.close().catch(() => {})
  })
  return { ...recorded, outgoing, erasure, views, inbound }
}

/** Alice, Bob with `devices` devices, and where Alice's store goes */
export async function aliceAndBob (t: AfterHook, devices = 2): Promise<{ alice: TestIdentity, bob: TestIdentity, bobDevices: VerifiedDevice[], path: string }> {
  const [alice, bob] = [await newIdentity(t, 'Alice'), await newIdentity(t, 'Bob')]
  const bobDevices = [bob.device]
  for (let i = 1; i < devices; i++) {
    bobDevices.push(await otherDevice(bob.identity, `Bob device ${i + 1}`))
  }
  return { alice, bob, bobDevices, path: join(await tempDir(t), 'db') }
}

/** resolves once `done` holds (what delivery reports is handled without a promise to await); bounded */
export async function until (scene: Scene, done: () => boolean, what: string): Promise<void> {
  for (let turns = 0; !done(); turns++) {
    assert.ok(turns < 1000, `waited for ${what}; saw ${JSON.stringify(scene.order)}`)
    await new Promise(resolve => setImmediate(resolve))
    await scene.store.settled()
  }
}

/** how many writes through the batch writer are durable */
export const writes = (scene: Scene): number => scene.order.filter(entry => entry === 'write').length

/** the events of one name, in order */
export function emitted<E extends MessengerEventName> (scene: Scene, name: E): Array<MessengerEvents[E]> {
  return scene.emitted.flatMap(event => event.name === name ? [event.detail as MessengerEvents[E]] : [])
}

/** what Alice's node sealed for Bob, opened on his device as it arrives there */
export function openOnBob (bob: TestIdentity, alice: TestIdentity, item: OutboundEnvelope): Body {
  const [opened] = createEnvelopeCodec(bob.identity).openBatch({ envelopes: [decodeEnvelope(item.encoded, 'batch')] }, alice.device)
  assert.ok(opened.body != null, opened.error?.message)
  return opened.body
}
