/**
 * Every reachable node a full node, on 127.0.0.1: an ordinary node (not `tim relay`) whose
 * user says it is reachable (`reachable`, as `tim node --reachable`) serves the network: it
 * is a DHT server, offers circuit-relay reservations and holds mail for offline accounts. One
 * that opted out (`serve: 'off'`) never serves. One that stops being reachable hands the mail
 * it holds to the nodes now closest before it stops serving, and mailbox placement leaves it
 * out. Loopback addresses are never confirmed public by AutoNAT, so the nodes that do not say
 * they are reachable stay clients here.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { RELAY_V2_HOP_CODEC } from '@libp2p/circuit-relay-v2'
import { createNode, type TimNodeInit } from '../../core/index.ts'
import { publicKeyFromAccountId } from '../../core/identity/index.ts'
import { createAdminServer } from '../../core/net/index.ts'
import type { ServingStats } from '../../core/api/index.ts'
import { runTim, timBin } from '../helpers/node-process.ts'
import { befriend, loopbackInit, startPeer, waitFor, type TestPeer } from '../helpers/peers.ts'
import { tempDir } from '../helpers/temp-dir.ts'
import type { AfterHook } from '../helpers/temp-dir.ts'
import { dmConversation } from '../../core/api/index.ts'

const quick: Partial<TimNodeInit> = {
  messaging: { ...loopbackInit.messaging, deliveryDeadlineMs: 300, collectDelayMs: 200, collectIntervalMs: 60_000 },
  mailbox: { maintenanceIntervalMs: 60_000, cacheMs: 0, lookupTimeoutMs: 3000, requestTimeoutMs: 3000 }
}

function bootstrapOf (peers: TestPeer[]): string[] {
  return peers.flatMap(peer => peer.node.addresses())
}

/** Ordinary nodes that say they are reachable, each bootstrapping from the ones before. */
async function startServers (t: AfterHook, count: number, init: Partial<TimNodeInit> = {}): Promise<TestPeer[]> {
  const servers: TestPeer[] = []
  for (let i = 0; i < count; i++) {
    servers.push(await startPeer(t, `Server${i + 1}`, { ...quick, ...init, reachable: true, bootstrap: bootstrapOf(servers), mailbox: { ...quick.mailbox, ...init.mailbox } }))
  }
  return servers
}

async function dhtServersKnown (peer: TestPeer, count: number): Promise<void> {
  const dht = peer.node.libp2p.services.dht as typeof peer.node.libp2p.services.dht & { routingTable: { size: number } }
  await waitFor(() => dht.routingTable.size, size => size >= count, { what: `${peer.name} to know ${count} DHT servers` })
}

function held (server: TestPeer, account: string): number {
  return server.node.mailbox.server?.usage().find(usage => usage.account === account)?.count ?? 0
}

test('an ordinary node that says it is reachable serves: DHT server, reservations, and mail for an offline contact', async (t) => {
  const [server] = await startServers(t, 1)
  const bootstrap = bootstrapOf([server])
  const alice = await startPeer(t, 'Alice', { ...quick, bootstrap })
  const bob = await startPeer(t, 'Bob', { ...quick, bootstrap, reserveOnRelays: true, reserveDelayMs: 0 })
  await befriend(alice, bob)

  const serving = (await server.node.api.stats()).serving
  assert.equal(serving?.serving, true)
  assert.equal(serving?.reason, 'forced')
  assert.equal(serving?.dhtMode, 'server')
  // behind "NAT" (loopback is never confirmed public): clients
  for (const client of [alice, bob]) {
    const stats = (await client.node.api.stats()).serving
    assert.equal(stats?.serving, false, `${client.name} serves`)
    assert.equal(stats?.reason, 'not-reachable')
    assert.equal(client.node.libp2p.services.dht.getMode(), 'client')
    assert.equal(client.node.libp2p.getProtocols().includes(RELAY_V2_HOP_CODEC), false, `${client.name} offers relay reservations`)
  }

  // Bob reserves a slot on the serving node, as on a relay
  await waitFor(() => server.node.api.stats(), stats => stats.serving?.reservations.count === 1, { what: 'Bob\'s reservation on the serving node' })
  assert.ok(bob.node.addresses().some(address => address.includes(`/p2p/${server.node.identity.deviceId}/p2p-circuit`)))

  await dhtServersKnown(alice, 1)
  await bob.node.stop()
  const sent = await alice.node.api.send({ conversation: dmConversation('Bob'), text: 'held by an ordinary node' })
  const stored = await waitFor(() => alice.node.api.getMessage(sent.id), m => m.state === 'stored', { timeoutMs: 20_000, what: 'the message to be stored on the serving node' })
  assert.equal(stored.path, 'mailbox')
  assert.equal(held(server, bob.account), 1)
  const holding = (await server.node.api.stats()).serving
  assert.equal(holding?.mailbox.messages, 1)
  assert.ok((holding?.mailbox.bytes ?? 0) > 0)
  // the admin endpoint says the same (GET /admin/serving, and `serving` in /admin/stats on a relay)
  const admin = createAdminServer({
    stats: async () => { throw new Error('only a relay keeps relay statistics') },
    serving: async () => (await server.node.api.stats()).serving
  }, { token: 'secret' })
  await admin.start()
  t.after(async () => { await admin.stop() })
  const response = await fetch(`${admin.url}/serving`, { headers: { authorization: 'Bearer secret' } })
  assert.equal(response.status, 200)
  const fromAdmin = await response.json() as ServingStats
  assert.deepEqual([fromAdmin.serving, fromAdmin.dhtMode, fromAdmin.reservations.count, fromAdmin.mailbox.messages], [true, 'server', 1, 1])

  const bobAgain = await createNode({ ...loopbackInit, ...quick, bootstrap, dataDir: bob.dataDir })
  t.after(async () => { await bobAgain.stop() })
  const received = await waitFor(() => bobAgain.api.history({ conversation: dmConversation(alice.account) }), list => list.length === 1, { timeoutMs: 20_000, what: 'Bob to collect his mail' })
  assert.deepEqual(received.map(m => [m.id, m.text, m.path]), [[sent.id, 'held by an ordinary node', 'mailbox']])
  await waitFor(() => alice.node.api.getMessage(sent.id), m => m.state === 'delivered', { what: 'Alice to see it delivered' })
  await waitFor(() => held(server, bob.account), count => count === 0, { what: 'the collected mail removed' })
})

test('a node whose user opted out (serve: off) never serves, however reachable', async (t) => {
  const [willing] = await startServers(t, 1)
  const optedOut = await startPeer(t, 'OptedOut', { ...quick, reachable: true, serve: 'off', bootstrap: bootstrapOf([willing]) })
  const bootstrap = bootstrapOf([willing, optedOut])
  const alice = await startPeer(t, 'Alice', { ...quick, bootstrap })
  const bob = await startPeer(t, 'Bob', { ...quick, bootstrap, reserveOnRelays: true, reserveDelayMs: 0 })
  await befriend(alice, bob)

  const stats = (await optedOut.node.api.stats()).serving
  assert.equal(stats?.serving, false)
  assert.equal(stats?.reason, 'opted-out')
  assert.equal(optedOut.node.libp2p.services.dht.getMode(), 'client')
  assert.equal(optedOut.node.libp2p.getProtocols().includes(RELAY_V2_HOP_CODEC), false)
  assert.equal((await willing.node.api.stats()).serving?.serving, true)

  // Bob reserves on the willing node only; the DHT finds only the willing node
  await waitFor(() => willing.node.api.stats(), s => s.serving?.reservations.count === 1, { what: 'Bob\'s reservation on the willing node' })
  assert.equal(optedOut.node.libp2p.services.relay?.reservations.size, 0)
  await dhtServersKnown(alice, 1)
  assert.deepEqual(await placementOf(alice, bob.account), [willing.node.identity.deviceId])

  await bob.node.stop()
  const sent = await alice.node.api.send({ conversation: dmConversation('Bob'), text: 'not for the opted-out node' })
  await waitFor(() => alice.node.api.getMessage(sent.id), m => m.state === 'stored', { timeoutMs: 20_000, what: 'the message to be stored' })
  assert.equal(held(willing, bob.account), 1)
  assert.equal(held(optedOut, bob.account), 0)
  assert.equal((await optedOut.node.api.stats()).serving?.mailbox.messages, 0)

  // opting back in at runtime (the UI's switch) makes it serve
  const back = await optedOut.node.api.setServing({ mode: 'auto' })
  assert.equal(back.serving, true)
  assert.equal(optedOut.node.libp2p.services.dht.getMode(), 'server')
  const off = await optedOut.node.api.setServing({ mode: 'off' })
  assert.equal(off.serving, false)
  assert.equal(off.reason, 'opted-out')

  // the choice outlives a restart (DIR/settings.json), where no `serve` is given
  await optedOut.node.stop()
  const again = await createNode({ ...loopbackInit, ...quick, reachable: true, bootstrap: bootstrapOf([willing]), dataDir: optedOut.dataDir })
  t.after(async () => { await again.stop() })
  const restarted = (await again.api.stats()).serving
  assert.equal(restarted?.serving, false)
  assert.equal(restarted?.reason, 'opted-out')
  assert.equal(again.libp2p.services.dht.getMode(), 'client')
})

/** The DHT's answer for `account`'s mail: the serving nodes closest to it. */
async function placementOf (peer: TestPeer, account: string): Promise<string[]> {
  const found: string[] = []
  for await (const event of peer.node.libp2p.services.dht.getClosestPeers(publicKeyFromAccountId(account), { signal: AbortSignal.timeout(10_000) })) {
    if (event.name === 'FINAL_PEER') found.push(event.peer.id.toString())
  }
  return found.sort()
}

test('a serving node that stops being reachable hands its mail to the nodes now closest, and placement leaves it out', async (t) => {
  const servers = await startServers(t, 3, { mailbox: { replicas: 2 } })
  const bootstrap = bootstrapOf(servers)
  const alice = await startPeer(t, 'Alice', { ...quick, bootstrap, mailbox: { ...quick.mailbox, replicas: 2 } })
  const bob = await startPeer(t, 'Bob', { ...quick, bootstrap, mailbox: { ...quick.mailbox, replicas: 2 } })
  await befriend(alice, bob)
  await dhtServersKnown(alice, 3)
  for (const server of servers) await dhtServersKnown(server, 2)
  const ids = servers.map(server => server.node.identity.deviceId).sort()
  assert.deepEqual(await placementOf(alice, bob.account), ids, 'the three serving nodes, none of the clients')
  await bob.node.stop()

  const sent: string[] = []
  for (let i = 0; i < 5; i++) sent.push((await alice.node.api.send({ conversation: dmConversation('Bob'), text: `handed on ${i}` })).id)
  await waitFor(() => alice.node.api.history({ conversation: dmConversation('Bob') }), list => list.every(m => m.state === 'stored'), { timeoutMs: 20_000, what: 'all stored' })
  const holders = servers.filter(server => held(server, bob.account) === 5)
  assert.equal(holders.length, 2, 'K=2 copies')
  const [leaving] = holders as [TestPeer]
  const others = servers.filter(server => server !== leaving)

  // the node is no longer reachable (as when AutoNAT un-confirms its address)
  const after = await leaving.node.libp2p.services.serving.setReachable(false)
  assert.equal(after.serving, false)
  assert.equal(after.dhtMode, 'client')
  assert.equal(held(leaving, bob.account), 0, 'the leaving node handed its mail off')
  assert.deepEqual(others.map(server => held(server, bob.account)), [5, 5], 'the other two hold every message')
  assert.deepEqual(await placementOf(alice, bob.account), others.map(server => server.node.identity.deviceId).sort(), 'placement leaves out the node that stopped serving')

  const bobAgain = await createNode({ ...loopbackInit, ...quick, bootstrap: bootstrapOf(others), mailbox: { ...quick.mailbox, replicas: 2 }, dataDir: bob.dataDir })
  t.after(async () => { await bobAgain.stop() })
  const received = await waitFor(async () => (await bobAgain.api.history({ conversation: dmConversation(alice.account) })).map(m => m.id), list => list.length >= 5, { timeoutMs: 20_000, what: 'Bob to collect' })
  assert.deepEqual(received, sent, 'every message exactly once')
})

/** `tim node <flags>` until it prints its api line; then `tim stats`; then SIGTERM. Resolves with the stats output. */
async function statsOfTimNode (dataDir: string, flags: string[]): Promise<string> {
  const child = spawn(process.execPath, [timBin, 'node', '--data', dataDir, '--listen', '/ip4/127.0.0.1/tcp/0', '--no-mdns', ...flags], { stdio: ['ignore', 'pipe', 'pipe'] })
  let errors = ''
  child.stderr.on('data', (chunk: Buffer) => { errors += chunk.toString() })
  const exited = new Promise(resolve => child.once('exit', resolve))
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => { reject(new Error(`tim node did not start within 30 s: ${errors}`)) }, 30_000)
      createInterface({ input: child.stdout }).on('line', line => { if (line.startsWith('api: ')) { clearTimeout(timer); resolve() } })
      child.once('exit', code => { clearTimeout(timer); reject(new Error(`tim node exited (${code}): ${errors}`)) })
    })
    return runTim(['stats', '--data', dataDir])
  } finally {
    child.kill('SIGTERM')
    await exited
  }
}

test('`tim node --reachable` serves and `tim stats` says so; `--serve off` opts out; a bad --serve is refused', async (t) => {
  const dataDir = join(await tempDir(t), 'cli')
  runTim(['init', '--data', dataDir, '--name', 'Cli'])
  const serving = await statsOfTimNode(dataDir, ['--reachable'])
  assert.match(serving, /^serving: +yes \(forced; --serve auto\)$/m)
  assert.match(serving, /^dht: +server$/m)
  assert.match(serving, /^reservations: 0 of 32$/m)
  assert.match(serving, /^mailbox: +0 messages, 0 bytes, for 0 accounts$/m)
  const optedOut = await statsOfTimNode(dataDir, ['--reachable', '--serve', 'off'])
  assert.match(optedOut, /^serving: +no \(opted-out; --serve off\)$/m)
  assert.match(optedOut, /^dht: +client$/m)
  const bad = spawnSync(process.execPath, [timBin, 'node', '--data', dataDir, '--serve', 'sometimes'], { encoding: 'utf8', timeout: 30_000 })
  assert.notEqual(bad.status, 0)
  assert.match(bad.stderr, /--serve takes auto or off/)
})
