/**
 * One host cannot take a relay's whole capacity, and a stranger cannot become a node's STUN
 * server, on 127.0.0.1. Every peer here is one host (127.0.0.1), so the per-IP caps are shown
 * with several peers sharing it, and the per-peer cap with one peer while another peer at the
 * same address is still served. A node uses the STUN servers of its bootstrap relays and of
 * the relays it holds a reservation on, never one a peer merely announces in its identify
 * agent version. WebRTC is off (these tests look at the ICE server list, not at ICE).
 */

import { test, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { multiaddr } from '@multiformats/multiaddr'
import type { IdentifyResult } from '@libp2p/interface'
import type { TimNodeInit } from '../../core/index.ts'
import type { AfterHook } from '../helpers/temp-dir.ts'
import { startPeer, waitFor, type TestPeer } from '../helpers/peers.ts'

/** Cleanups registered on it run together, once, when the test ends (node stops are slow one by one). */
function together (t: TestContext): AfterHook {
  const cleanups: Array<() => Promise<void>> = []
  t.after(async () => { await Promise.all(cleanups.map(async fn => { await fn() })) })
  return { after: (fn) => { cleanups.push(fn) } }
}

async function startRelay (t: AfterHook, limits: NonNullable<TimNodeInit['relay']> = {}, name = 'Relay'): Promise<TestPeer> {
  return await startPeer(t, name, { role: 'relay', stunPort: 0, relay: limits, circuitSweepMs: 100 })
}

/** A node with no address of its own; `reserve` says whether it takes a reservation on the relay. */
async function startHiddenPeer (t: AfterHook, name: string, relay: TestPeer, reserve = true): Promise<TestPeer> {
  return await startPeer(t, name, { listen: [], bootstrap: relay.node.addresses(), reserveOnRelays: reserve, webrtc: false })
}

async function circuitAddress (peer: TestPeer): Promise<string> {
  const [address] = await waitFor(() => peer.node.addresses().filter(a => a.includes('/p2p-circuit')), list => list.length > 0,
    { what: `${peer.name}'s reservation on the relay` })
  return address as string
}

/** Opens a relayed connection from `source` to `destination`; the relay's answer when it refuses. */
async function openCircuit (source: TestPeer, destination: string): Promise<'open' | string> {
  try {
    const connection = await source.node.libp2p.dial(multiaddr(destination), { signal: AbortSignal.timeout(10_000) })
    return connection.remoteAddr.toString().includes('/p2p-circuit') ? 'open' : `not relayed: ${connection.remoteAddr.toString()}`
  } catch (err) {
    return (err as Error).message
  }
}

test('peers at one IP address hold at most its share of a relay\'s reservations: the next is denied and counted, though the relay has room', async (t) => {
  const cleanup = together(t)
  const relay = await startRelay(cleanup, { maxReservationsPerIp: 2 })
  const alice = await startHiddenPeer(cleanup, 'Alice', relay)
  const bob = await startHiddenPeer(cleanup, 'Bob', relay)
  await Promise.all([circuitAddress(alice), circuitAddress(bob)])

  const carol = await startHiddenPeer(cleanup, 'Carol', relay)
  const [state] = await waitFor(() => carol.node.libp2p.services.net.reservations(), states => states.some(s => s.status === 'failed'),
    { what: 'Carol\'s reservation to be refused' })
  assert.match(state?.error ?? '', /PERMISSION_DENIED: it holds as many reservations from this IP address as it allows/)
  assert.deepEqual(carol.node.addresses().filter(a => a.includes('/p2p-circuit')), [])

  const stats = await relay.node.libp2p.services.net.relayStats()
  assert.equal(stats.reservations.count, 2)
  assert.ok(stats.reservations.max > 2, 'the relay itself is not full')
  assert.equal(stats.reservations.refused, 1)
  assert.equal(stats.reservations.refusedPerIp, 1)
  assert.deepEqual(stats.reservations.recentRefusals.map(r => [r.peer, r.reason]), [[carol.node.identity.deviceId, 'ip']])
  assert.equal(stats.metrics['relay.reservations.refusedPerIp'], 1)
  assert.equal(stats.limits.maxReservationsPerIp, 2)
})

test('one peer opens at most its share of circuits through a relay while another peer is still served; peers at one IP address at most theirs', async (t) => {
  const cleanup = together(t)
  const relay = await startRelay(cleanup, { maxCircuitsPerPeer: 2, maxCircuitsPerIp: 3 })
  const destinations = await Promise.all(['Dana', 'Dave', 'Dora'].map(async name => await startHiddenPeer(cleanup, name, relay)))
  const [d1, d2, d3] = await Promise.all(destinations.map(circuitAddress)) as [string, string, string]
  const [sam, tess] = await Promise.all(['Sam', 'Tess'].map(async name => await startHiddenPeer(cleanup, name, relay, false))) as [TestPeer, TestPeer]

  // Sam takes his share: the third is denied
  assert.equal(await openCircuit(sam, d1), 'open')
  assert.equal(await openCircuit(sam, d2), 'open')
  assert.match(await openCircuit(sam, d3), /PERMISSION_DENIED/)
  // Tess, another peer at the same address, is still served: her circuit is the address's third
  assert.equal(await openCircuit(tess, d3), 'open')
  // a fourth from 127.0.0.1 is one over the address's share, though Tess has one of her two
  assert.match(await openCircuit(tess, d1), /PERMISSION_DENIED/)

  const stats = await relay.node.libp2p.services.net.relayStats()
  assert.equal(stats.circuits.active, 3)
  assert.ok(stats.circuits.max > 3, 'the relay itself is not full')
  assert.equal(stats.circuits.denied, 2)
  assert.equal(stats.circuits.deniedPerPeer, 1)
  assert.equal(stats.circuits.deniedPerIp, 1)
  assert.equal(stats.metrics['relay.circuits.deniedPerPeer'], 1)
  assert.equal(stats.metrics['relay.circuits.deniedPerIp'], 1)

  // when Sam closes one, Tess gets hers
  await sam.node.libp2p.hangUp(multiaddr(d1))
  await waitFor(() => relay.node.libp2p.services.net.relayStats(), s => s.circuits.active === 2, { what: 'Sam\'s circuit to close at the relay' })
  assert.equal(await openCircuit(tess, d1), 'open')
})

/** Resolves when `peer` has identified `other` (bounded). */
async function identified (peer: TestPeer, other: TestPeer): Promise<IdentifyResult> {
  return await new Promise<IdentifyResult>((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error(`${peer.name} did not identify ${other.name}`)) }, 15_000)
    const onIdentify = (event: CustomEvent<IdentifyResult>): void => {
      if (event.detail.peerId.toString() !== other.node.identity.deviceId) return
      clearTimeout(timer)
      peer.node.libp2p.removeEventListener('peer:identify', onIdentify)
      resolve(event.detail)
    }
    peer.node.libp2p.addEventListener('peer:identify', onIdentify)
  })
}

test('a node uses its bootstrap relay\'s STUN server and a reserved relay\'s, never one a stranger announces', async (t) => {
  const cleanup = together(t)
  const relay = await startRelay(cleanup)
  const stranger = await startRelay(cleanup, {}, 'Stranger')
  const [relayStun] = relay.node.libp2p.services.net.stunUrls()
  const [strangerStun] = stranger.node.libp2p.services.net.stunUrls()
  assert.ok(relayStun != null && strangerStun != null && relayStun !== strangerStun)

  const alice = await startPeer(cleanup, 'Alice', { bootstrap: relay.node.addresses(), reserveOnRelays: false, webrtc: false })
  await waitFor(() => alice.node.libp2p.services.net.iceServers(), urls => urls.length > 0, { what: 'the bootstrap relay\'s STUN server' })
  // the stranger says it runs STUN; Alice hears it
  const heard = identified(alice, stranger)
  await alice.node.libp2p.dial(multiaddr(stranger.node.addresses()[0] as string))
  assert.match((await heard).agentVersion ?? '', /stun-port=\d+/)
  assert.deepEqual(alice.node.libp2p.services.net.iceServers(), [relayStun])

  // Bob takes a reservation on the same peer: now it is a relay he reached as one
  const bob = await startPeer(cleanup, 'Bob', { reserveOnRelays: true, reserveDelayMs: 0, webrtc: false })
  const bobHeard = identified(bob, stranger)
  await bob.node.libp2p.dial(multiaddr(stranger.node.addresses()[0] as string))
  await bobHeard
  await waitFor(() => bob.node.libp2p.services.net.reservations(), states => states.some(s => s.status === 'reserved'), { what: 'Bob\'s reservation on it' })
  assert.deepEqual(bob.node.libp2p.services.net.iceServers(), [strangerStun])
})
