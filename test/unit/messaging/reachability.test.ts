/**
 * How each contact is reachable now (core/messaging/reachability.ts), from a fake libp2p whose
 * connections the test opens and closes: clients hear `contact:reachability` only when it
 * changes, delivery is kicked when a device connects, contacts are dialled at start, and a
 * blocked account's device is hung up on at once, as if nobody were there.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { logger } from '@libp2p/logger'
import type { DeviceId } from '../../../core/api/index.ts'
import type { TimLibp2p } from '../../../core/net/index.ts'
import { createReachability, type Reachability } from '../../../core/messaging/reachability.ts'
import { newIdentity, type TestIdentity } from './helpers.ts'
import { aliceAndBob, emitted, openScene, type Scene } from './scene.ts'

/** libp2p as reachability uses it: connections the test opens and closes, dials and hang-ups recorded */
class FakeLibp2p extends EventTarget {
  readonly connections = new Map<DeviceId, Array<{ status: 'open', direct: boolean, remoteAddr: string }>>()
  readonly dialled: DeviceId[] = []
  readonly hungUp: DeviceId[] = []

  getConnections (peer: { toString: () => string }): unknown[] {
    return this.connections.get(peer.toString()) ?? []
  }

  async dial (peer: { toString: () => string }): Promise<void> {
    this.dialled.push(peer.toString())
  }

  async hangUp (peer: { toString: () => string }): Promise<void> {
    this.hungUp.push(peer.toString())
  }

  connect (device: DeviceId, direct: boolean): void {
    const address = direct ? '/ip4/127.0.0.1/tcp/4001' : '/ip4/127.0.0.1/tcp/4001/p2p/relay/p2p-circuit'
    this.connections.set(device, [...this.connections.get(device) ?? [], { status: 'open', direct, remoteAddr: address }])
    this.tell('connection:open', device)
  }

  disconnect (device: DeviceId): void {
    this.connections.delete(device)
    this.tell('connection:close', device)
  }

  private tell (type: string, device: DeviceId): void {
    this.dispatchEvent(new CustomEvent(type, { detail: { remotePeer: { toString: () => device } } }))
  }
}

interface Watched {
  scene: Scene
  libp2p: FakeLibp2p
  reachability: Reachability
  bob: TestIdentity
  mallory: TestIdentity
  kicked: DeviceId[]
}

async function watched (t: Parameters<typeof aliceAndBob>[0]): Promise<Watched> {
  const { alice, bob, bobDevices, path } = await aliceAndBob(t, 1)
  const mallory = await newIdentity(t, 'Mallory')
  const scene = await openScene(t, { path, alice, bobDevices })
  await scene.contacts.save({ accountId: mallory.identity.accountId, name: 'Mallory', status: 'blocked', devices: [], addedAt: 1 }, mallory.device)
  const libp2p = new FakeLibp2p()
  const kicked: DeviceId[] = []
  const reachability = createReachability({
    libp2p: libp2p as unknown as TimLibp2p,
    contacts: scene.contacts,
    events: scene.events,
    stats: scene.stats,
    delivery: { kick: deviceId => { kicked.push(deviceId) } },
    log: logger('test:reachability')
  }, { dialTimeoutMs: 1000 })
  reachability.start()
  t.after(async () => { reachability.stop() })
  return { scene, libp2p, reachability, bob, mallory, kicked }
}

test('start dials every contact that is not blocked', async (t) => {
  const { libp2p, bob } = await watched(t)
  assert.deepEqual(libp2p.dialled, [bob.identity.deviceId])
})

test('Bob\'s reachability is told when it changes, and only then; a device that connects is kicked', async (t) => {
  const { scene, libp2p, reachability, bob, kicked } = await watched(t)
  const device = bob.identity.deviceId
  assert.equal(reachability.of(scene.bob), 'offline')
  libp2p.connect(device, false)
  libp2p.connect(device, false)
  libp2p.connect(device, true)
  libp2p.disconnect(device)
  assert.deepEqual(emitted(scene, 'contact:reachability').map(r => [r.accountId, r.reachability]), [
    [bob.identity.accountId, 'relayed'], [bob.identity.accountId, 'direct'], [bob.identity.accountId, 'offline']
  ])
  assert.deepEqual(kicked, [device, device, device])
})

test('a blocked account\'s device that connects is hung up on at once and counted; nothing else hears of it', async (t) => {
  const { scene, libp2p, mallory, kicked } = await watched(t)
  libp2p.connect(mallory.identity.deviceId, true)
  assert.deepEqual(libp2p.hungUp, [mallory.identity.deviceId])
  assert.equal(scene.stats.snapshot().rejected.ContactBlockedError, 1)
  assert.deepEqual(emitted(scene, 'contact:reachability'), [])
  assert.deepEqual(kicked, [])
})

test('after stop, connections change nothing', async (t) => {
  const { scene, libp2p, reachability, bob, kicked } = await watched(t)
  reachability.stop()
  libp2p.connect(bob.identity.deviceId, true)
  assert.deepEqual(emitted(scene, 'contact:reachability'), [])
  assert.deepEqual(kicked, [])
})
