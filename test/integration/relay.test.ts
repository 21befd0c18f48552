/**
 * Relays on 127.0.0.1: nodes that can be reached only through a relay (they listen on no
 * address of their own and hold a reservation on the relay) exchange messages over relayed
 * circuits; the relay's admin endpoint reports reservations and circuits; a full relay
 * refuses a reservation and counts it; `tim relay` runs as a child process and `tim relay
 * stats` reads it. WebRTC upgrades are off here (ICE would use the machine's other
 * interfaces): test/netns covers them behind real NATs.
 */

import { test, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import stun from 'stun'
import { peerIdFromString } from '@libp2p/peer-id'
import { createAdminServer, connectionPath, type RelayStats } from '../../core/net/index.ts'
import type { TimNodeInit } from '../../core/index.ts'
import type { AfterHook } from '../helpers/temp-dir.ts'
import { tempDir } from '../helpers/temp-dir.ts'
import { startPeer, waitFor, type TestPeer } from '../helpers/peers.ts'
import { timBin } from '../helpers/node-process.ts'
import { dmConversation } from '../../core/api/index.ts'

/** Cleanups registered on it run together, once, when the test ends (node stops are slow one by one). */
function together (t: TestContext): AfterHook {
  const cleanups: Array<() => Promise<void>> = []
  t.after(async () => { await Promise.all(cleanups.map(async fn => { await fn() })) })
  return { after: (fn) => { cleanups.push(fn) } }
}

async function startRelay (t: AfterHook, limits: NonNullable<TimNodeInit['relay']> = {}): Promise<TestPeer> {
  return await startPeer(t, 'Relay', { role: 'relay', stunPort: 0, relay: limits, circuitSweepMs: 100 })
}

/** A node with no address of its own: reachable only through a reservation on the relay. */
async function startHiddenPeer (t: AfterHook, name: string, relay: TestPeer): Promise<TestPeer> {
  return await startPeer(t, name, { listen: [], bootstrap: relay.node.addresses(), reserveOnRelays: true, webrtc: false })
}

function circuitAddresses (peer: TestPeer): string[] {
  return peer.node.addresses().filter(address => address.includes('/p2p-circuit'))
}

async function reserved (peer: TestPeer): Promise<void> {
  await waitFor(() => circuitAddresses(peer), addresses => addresses.length > 0, { what: `${peer.name}'s reservation on the relay` })
}

async function adminStats (url: string, token: string): Promise<RelayStats> {
  const response = await fetch(`${url}/stats`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5_000) })
  assert.equal(response.status, 200)
  return await response.json() as RelayStats
}

test('two nodes that only the relay can reach exchange messages through it, and the admin endpoint shows the circuit', async (t) => {
  const cleanup = together(t)
  const relay = await startRelay(cleanup)
  const alice = await startHiddenPeer(cleanup, 'Alice', relay)
  const bob = await startHiddenPeer(cleanup, 'Bob', relay)
  await Promise.all([reserved(alice), reserved(bob)])

  // they have no address but the relay's
  for (const peer of [alice, bob]) {
    const { addresses } = await peer.node.api.getIdentity()
    assert.ok(addresses.length > 0 && addresses.every(address => address.includes(`/p2p/${relay.node.identity.deviceId}/p2p-circuit`)), `${peer.name}: ${addresses.join(' ')}`)
    assert.deepEqual(peer.node.libp2p.services.net.reservations().map(r => [r.relay, r.status]), [[relay.node.identity.deviceId, 'reserved']])
  }

  await alice.node.api.addContact({ invite: await bob.invite() })
  await bob.node.api.addContact({ invite: await alice.invite() })
  const hello = await alice.node.api.send({ conversation: dmConversation('Bob'), text: 'hello through the relay' })
  const reply = await bob.node.api.send({ conversation: dmConversation('Alice'), text: 'and back' })

  const delivered = await waitFor(() => Promise.all([alice.node.api.getMessage(hello.id), bob.node.api.getMessage(reply.id)]),
    ms => ms.every(m => m.state === 'delivered'), { what: 'both messages delivered' })
  assert.deepEqual(delivered.map(m => m.path), ['relayed', 'relayed'])
  const atBob = await bob.node.api.history({ conversation: dmConversation('Alice') })
  assert.deepEqual(atBob.map(m => [m.text, m.path]), [['hello through the relay', 'relayed'], ['and back', 'relayed']])
  const aliceSees = await alice.node.api.history({ conversation: dmConversation('Bob') })
  assert.deepEqual(aliceSees.map(m => [m.text, m.path]), [['hello through the relay', 'relayed'], ['and back', 'relayed']])

  // every connection between them goes through the relay, and the contact shows it
  const between = alice.node.libp2p.getConnections(peerIdFromString(bob.node.identity.deviceId)).filter(c => c.status === 'open')
  assert.ok(between.length > 0)
  assert.deepEqual([...new Set(between.map(connectionPath))], ['relayed'])
  const [bobSeenByAlice] = await alice.node.api.listContacts()
  assert.equal(bobSeenByAlice?.reachability, 'relayed')
  assert.equal(bobSeenByAlice?.devices[0]?.connection, 'relayed')

  // the nodes learnt the relay's STUN server from identify, and it answers
  const stunUrls = relay.node.libp2p.services.net.stunUrls()
  assert.equal(stunUrls.length, 1)
  assert.deepEqual(alice.node.libp2p.services.net.iceServers(), stunUrls)
  const mapped = await stun.request((stunUrls[0] as string).replace(/^stun:/, ''), { timeout: 2_000, retries: 2 })
  assert.equal(mapped.getXorAddress()?.address, '127.0.0.1')

  // the operator's view
  const token = 'test-admin-token'
  const admin = createAdminServer({ stats: async () => await relay.node.libp2p.services.net.relayStats() }, { token })
  await admin.start()
  cleanup.after(async () => { await admin.stop() })
  const refused = await fetch(`${admin.url}/stats`, { headers: { authorization: 'Bearer wrong' } })
  assert.equal(refused.status, 401)
  assert.equal((await refused.json() as { error: { name: string } }).error.name, 'UnauthorizedError')
  // the relay counts what it forwards from the sweep (every 100 ms here) that first sees a circuit on
  const more = await alice.node.api.send({ conversation: dmConversation('Bob'), text: 'one more, counted' })
  await waitFor(() => alice.node.api.getMessage(more.id), m => m.state === 'delivered', { what: 'the third message delivered' })
  const stats = await waitFor(() => adminStats(admin.url, token), s => s.circuits.list.some(c => c.bytesToDestination > 0), { what: 'the relay to count circuit bytes' })
  const hidden = [alice.node.identity.deviceId, bob.node.identity.deviceId].sort()
  assert.equal(stats.peerId, relay.node.identity.deviceId)
  assert.equal(stats.reservations.count, 2)
  assert.deepEqual(stats.reservations.list.map(r => r.peerId).sort(), hidden)
  assert.ok(stats.circuits.active >= 1 && stats.circuits.opened >= 1, JSON.stringify(stats.circuits))
  for (const circuit of stats.circuits.list) {
    assert.ok(hidden.includes(circuit.destination))
    if (circuit.source !== undefined) assert.ok(hidden.includes(circuit.source))
  }
  assert.deepEqual(stats.peers.list.filter(p => p.reserved).map(p => p.peerId).sort(), hidden)
  assert.ok(stats.uptimeMs > 0)
  assert.deepEqual(stats.stun, stunUrls)
  assert.equal(stats.mailbox === null || Array.isArray(stats.mailbox), true)
  assert.equal(stats.metrics['relay.reservations.active'], 2)
  assert.ok((stats.metrics['relay.bytesRelayed'] ?? 0) > 0)
  assert.ok((stats.metrics['stun.requests'] ?? 0) >= 1)
  const metrics = await fetch(`${admin.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })
  assert.equal((await metrics.json() as Record<string, number>)['relay.circuits.max'], stats.limits.maxCircuits)
})

test('a relay that holds its maximum of 2 reservations refuses the third, says why, and counts it', async (t) => {
  const cleanup = together(t)
  const relay = await startRelay(cleanup, { maxReservations: 2 })
  const alice = await startHiddenPeer(cleanup, 'Alice', relay)
  const bob = await startHiddenPeer(cleanup, 'Bob', relay)
  await Promise.all([reserved(alice), reserved(bob)])

  const carol = await startHiddenPeer(cleanup, 'Carol', relay)
  const [state] = await waitFor(() => carol.node.libp2p.services.net.reservations(), states => states.some(s => s.status === 'failed'),
    { what: 'Carol\'s reservation to be refused' })
  assert.equal(state?.relay, relay.node.identity.deviceId)
  assert.match(state?.error ?? '', /refused the reservation \(RESERVATION_REFUSED/)
  assert.deepEqual(circuitAddresses(carol), [])

  const stats = await relay.node.libp2p.services.net.relayStats()
  assert.equal(stats.reservations.count, 2)
  assert.equal(stats.reservations.max, 2)
  assert.equal(stats.reservations.refused, 1)
  assert.deepEqual(stats.reservations.recentRefusals.map(r => r.peer), [carol.node.identity.deviceId])
  assert.ok(!stats.reservations.list.some(r => r.peerId === carol.node.identity.deviceId))
})

test('`tim relay` prints where to bootstrap from and its STUN URL, and `tim relay stats` reports a node\'s reservation', async (t) => {
  const cleanup = together(t)
  const dataDir = join(await tempDir(t), 'relay')
  const child = spawn(process.execPath, [timBin, 'relay', '--data', dataDir, '--listen', '/ip4/127.0.0.1/tcp/0', '--stun-port', '0', '--max-reservations', '5'], {
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const exited = new Promise<number | null>(resolve => { child.once('exit', code => { resolve(code) }) })
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL')
      await exited
    }
  })
  const lines: string[] = []
  createInterface({ input: child.stdout }).on('line', line => { lines.push(line) })
  await waitFor(() => lines, seen => seen.some(line => line.startsWith('admin: ')), { timeoutMs: 30_000, what: `tim relay to start (stderr: ${stderr})` })

  const bootstrap = lines.filter(line => line.startsWith('bootstrap: ')).map(line => line.slice('bootstrap: '.length))
  const relayId = lines.find(line => line.startsWith('relay (PeerId): '))?.slice('relay (PeerId): '.length) ?? ''
  assert.match(relayId, /^12D3KooW/)
  assert.ok(bootstrap.length > 0)
  for (const address of bootstrap) assert.match(address, new RegExp(`^/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/${relayId}$`))
  const stunLines = lines.filter(line => line.startsWith('stun: '))
  assert.equal(stunLines.length, 1)
  assert.match(stunLines[0] ?? '', /^stun: stun:127\.0\.0\.1:\d+$/)
  assert.ok(existsSync(join(dataDir, 'admin.json')))

  const relay = { name: 'Relay', node: { addresses: () => bootstrap } } as unknown as TestPeer
  const dave = await startHiddenPeer(cleanup, 'Dave', relay)
  await reserved(dave)

  const text = spawnSync(process.execPath, [timBin, 'relay', 'stats', '--data', dataDir], { encoding: 'utf8', timeout: 30_000 })
  assert.equal(text.status, 0, text.stderr)
  assert.match(text.stdout, new RegExp(`^relay: +${relayId}$`, 'm'))
  assert.match(text.stdout, /^reservations: 1 of 5 \(0 refused of \d+ requests\)$/m)
  assert.match(text.stdout, /^relay\.reservations\.active +1$/m)
  const json = spawnSync(process.execPath, [timBin, 'relay', 'stats', '--data', dataDir, '--json'], { encoding: 'utf8', timeout: 30_000 })
  assert.equal(json.status, 0, json.stderr)
  const stats = JSON.parse(json.stdout) as RelayStats
  assert.deepEqual(stats.reservations.list.map(r => r.peerId), [dave.node.identity.deviceId])
  assert.equal(stats.reservations.max, 5)
  assert.deepEqual(stats.addresses, bootstrap)

  child.kill('SIGTERM')
  assert.equal(await exited, 0, stderr)
  assert.ok(!existsSync(join(dataDir, 'admin.json')), 'admin.json is removed when the relay stops')
  const after = spawnSync(process.execPath, [timBin, 'relay', 'stats', '--data', dataDir], { encoding: 'utf8', timeout: 30_000 })
  assert.equal(after.status, 1)
  assert.match(after.stderr, /the Tim relay for .* is not running/)
})
