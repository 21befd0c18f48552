/**
 * Presence services on plain libp2p nodes (TCP, noise, yamux on 127.0.0.1) for unit tests:
 * each node has a real store, messaging's event hub, a contact book the test fills in, net's
 * peer gate wired to the service's `hides`, and a stand-in for net's `enforceGate`. Nothing
 * else of Tim runs, so what the tests see is the presence service's doing alone.
 */

import { join } from 'node:path'
import { createLibp2p, type Libp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@libp2p/noise'
import { yamux } from '@libp2p/yamux'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { defaultLogger } from '@libp2p/logger'
import type { Connection, PeerId, PrivateKey } from '@libp2p/interface'
import type { AccountId, DeviceId, MessengerEventName } from '../../../core/api/index.ts'
import { createEventHub, type EventHub } from '../../../core/messaging/events.ts'
import { gatedGater, hangUpHidden } from '../../../core/net/peer-gate.ts'
import { presenceService, type PresenceContacts, type PresenceService, type PresenceServiceInit } from '../../../core/presence/index.ts'
import { createStore, type Store } from '../../../core/store/index.ts'
import { tempDir, type AfterHook } from '../../helpers/temp-dir.ts'

export type PresenceLibp2p = Libp2p<{ presence: PresenceService }>

export interface PresenceNode {
  account: AccountId
  libp2p: PresenceLibp2p
  presence: PresenceService
  hub: EventHub
  /** every event the hub emitted, in order */
  seen: Array<{ event: MessengerEventName, detail: unknown }>
  /** the accepted contacts: account → devices */
  contacts: Map<AccountId, DeviceId[]>
  /** stops the node and closes its store (once) */
  stop: () => Promise<void>
  /** the same device (key, store) started again */
  restart: () => Promise<PresenceNode>
}

type Settings = Partial<Omit<PresenceServiceInit, 'account' | 'contacts' | 'store' | 'hub'>>

interface Device {
  account: AccountId
  key: PrivateKey
  dbPath: string
  settings: Settings
  contacts: Map<AccountId, DeviceId[]>
}

async function startDevice (t: AfterHook, device: Device): Promise<PresenceNode> {
  const store: Store = await createStore({ path: device.dbPath })
  const hub = createEventHub()
  const seen: PresenceNode['seen'] = []
  for (const event of ['contact:presence', 'conversation:typing'] as const) {
    hub.on(event, detail => { seen.push({ event, detail }) })
  }
  const contacts: PresenceContacts = {
    accountOf: (deviceId) => [...device.contacts].find(([, devices]) => devices.includes(deviceId))?.[0] ?? null,
    devicesOf: (account) => device.contacts.get(account) ?? [],
    accounts: () => [...device.contacts.keys()]
  }
  const logger = defaultLogger()
  const log = logger.forComponent('tim:test:net')
  const gate = { hides: (peer: PeerId) => libp2p.services.presence.hides(peer) }
  const libp2p = await createLibp2p({
    privateKey: device.key,
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionGater: gatedGater({}, gate),
    logger,
    services: {
      net: (components: { connectionManager: { getConnections: () => Connection[] } }) => ({
        enforceGate: async () => { await hangUpHidden(components.connectionManager.getConnections(), gate, log) }
      }),
      presence: presenceService({ account: device.account, contacts, store, hub, ...device.settings })
    }
  }) as unknown as PresenceLibp2p
  let stopping: Promise<void> | undefined
  const stop = async (): Promise<void> => {
    stopping ??= (async () => {
      await libp2p.stop()
      await store.close()
    })()
    await stopping
  }
  t.after(stop)
  return {
    account: device.account,
    libp2p,
    presence: libp2p.services.presence,
    hub,
    seen,
    contacts: device.contacts,
    stop,
    restart: async () => {
      await stop()
      return await startDevice(t, device)
    }
  }
}

export async function startPresenceNode (t: AfterHook, account: AccountId, settings: Settings = {}): Promise<PresenceNode> {
  const dbPath = join(await tempDir(t), 'db')
  return await startDevice(t, { account, key: await generateKeyPair('Ed25519'), dbPath, settings, contacts: new Map() })
}

/** `a` accepts `b` as a contact and knows where its device listens (one-way: `b` does not accept `a`). */
export async function accept (a: PresenceNode, b: PresenceNode): Promise<void> {
  a.contacts.set(b.account, [b.libp2p.peerId.toString()])
  await a.libp2p.peerStore.merge(b.libp2p.peerId, { multiaddrs: b.libp2p.getMultiaddrs() })
}

/** Two nodes that accepted each other, connected. */
export async function befriend (a: PresenceNode, b: PresenceNode): Promise<void> {
  await accept(a, b)
  await accept(b, a)
  await a.libp2p.dial(b.libp2p.peerId)
}

/** Whether `a` has a connection to `b` now. */
export function connected (a: PresenceNode, b: PresenceNode): boolean {
  return a.libp2p.getConnections(b.libp2p.peerId).length > 0
}
