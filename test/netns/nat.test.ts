/**
 * Real NATs in network namespaces (test/helpers/netns.ts): a relay (`tim relay`, with its
 * STUN server) on a public segment, Alice and Bob each behind their own NAT router. Neither
 * can dial the other; they add each other by invite and reach each other through the relay.
 * Behind cone NATs the relayed connection upgrades to a direct WebRTC connection and the
 * messages' path says 'hole-punched'. Behind symmetric NATs the upgrade fails, messages keep
 * flowing through the relay ('relayed') and the node reports why.
 *
 * Root only, with `ip netns` and iptables working (the CI runs as root); elsewhere each test
 * is skipped with the reason. The nodes are real child processes inside the namespaces,
 * driven over stdio (test/helpers/netns-node.ts); everything is bounded in time and the
 * namespaces are removed however the test ends.
 */

import { test, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import type { Message } from '../../core/api/index.ts'
import type { RelayStats, UpgradeStats } from '../../core/net/index.ts'
import { createNatLab, netnsUnavailable, spawnInNamespace, startDrivenNode, type DrivenNode, type NatKind, type NatLab } from '../helpers/netns.ts'
import type { ConnectionView } from '../helpers/netns-node.ts'
import { timBin } from '../helpers/node-process.ts'
import { waitFor } from '../helpers/peers.ts'
import { tempDir } from '../helpers/temp-dir.ts'

const unavailable = netnsUnavailable()
const START_TIMEOUT_MS = 45_000
/** above the answering side's inbound upgrade timeout (libp2p's 10 s), as in production (15 s) */
const UPGRADE_TIMEOUT_MS = 12_000

interface Scene {
  lab: NatLab
  relayDir: string
  stunUrl: string
  alice: DrivenNode
  bob: DrivenNode
}

/** The lab, the relay in it, and Alice and Bob behind their NATs, each holding a reservation. */
async function setScene (t: TestContext, kind: NatKind): Promise<Scene> {
  const lab = createNatLab(t, kind)
  const dir = await tempDir(t)
  const relayDir = join(dir, 'relay')
  const relay = spawnInNamespace(t, lab.wan, [process.execPath, timBin, 'relay', '--data', relayDir, '--listen', `/ip4/${lab.relayIp}/tcp/0`, '--stun-port', '0'])
  const bootstrap = (await relay.waitForLine(/^bootstrap: (\S+)$/, START_TIMEOUT_MS))[1] as string
  const stunUrl = (await relay.waitForLine(/^stun: (\S+)$/, START_TIMEOUT_MS))[1] as string
  assert.match(stunUrl, new RegExp(`^stun:${lab.relayIp.replaceAll('.', '\\.')}:\\d+$`))

  const init = (name: string, ip: string): Record<string, unknown> => ({
    name,
    dataDir: join(dir, name.toLowerCase()),
    listen: [`/ip4/${ip}/tcp/0`],
    bootstrap: [bootstrap],
    mdns: false,
    reserveOnRelays: true,
    upgradeTimeoutMs: UPGRADE_TIMEOUT_MS,
    // these tests are about the paths between the NATs, not the mailbox fallback (mailbox.test
    // has that): a first dial that waits out the peer's unreachable private address can take the
    // default 5 s deadline on a loaded machine, and the message would then go to the mailboxes.
    // On a loaded machine every dial of a whole deadline can hang on that address (libp2p tries
    // a peer's addresses one after another): the message then still arrives, through the relay's
    // mailbox, collected every 2 s
    messaging: { retryMinMs: 100, retryMaxMs: 1000, dialTimeoutMs: 5000, deliveryDeadlineMs: 20_000, collectIntervalMs: 2000 }
  })
  const [alice, bob] = await Promise.all([
    startDrivenNode(t, lab.a.ns, init('Alice', lab.a.ip), START_TIMEOUT_MS),
    startDrivenNode(t, lab.b.ns, init('Bob', lab.b.ip), START_TIMEOUT_MS)
  ])
  for (const node of [alice, bob]) {
    await waitFor(() => node.call<string[]>('addresses'), addresses => addresses.some(a => a.includes('/p2p-circuit/p2p/')),
      { timeoutMs: 20_000, intervalMs: 200, what: `a reservation on the relay (node output: ${node.output().slice(-2000)})` })
    // the relay told them its STUN server, and it is the only one they use
    assert.deepEqual(await node.call<string[]>('iceServers'), [stunUrl])
  }

  // Alice cannot open a TCP connection to Bob's own address: only the relay joins them
  const bobAddress = (await bob.call<string[]>('addresses')).find(a => a.startsWith(`/ip4/${lab.b.ip}/tcp/`)) ?? ''
  const bobPort = /\/tcp\/(\d+)/.exec(bobAddress)?.[1]
  assert.ok(bobPort != null, bobAddress)
  assert.throws(() => lab.exec(lab.a.ns, ['timeout', '3', 'bash', '-c', `exec 3<>/dev/tcp/${lab.b.ip}/${bobPort}`]))

  await alice.call('addContact', (await bob.call<{ invite: string }>('identity')).invite)
  await bob.call('addContact', (await alice.call<{ invite: string }>('identity')).invite)
  return { lab, relayDir, stunUrl, alice, bob }
}

async function delivered (node: DrivenNode, message: Message, what: string): Promise<Message> {
  return await waitFor(() => node.call<Message>('message', message.id), m => m.state === 'delivered',
    { timeoutMs: 30_000, intervalMs: 100, what: `${what} to be delivered` })
}

async function connections (from: DrivenNode, to: DrivenNode): Promise<ConnectionView[]> {
  return await from.call<ConnectionView[]>('connections', to.deviceId)
}

function relayStats (scene: Scene): RelayStats {
  return JSON.parse(scene.lab.exec(scene.lab.wan, [process.execPath, timBin, 'relay', 'stats', '--data', scene.relayDir, '--json'])) as RelayStats
}

test('behind two cone NATs, the relayed connection upgrades to direct WebRTC and messages take the hole-punched path', async (t) => {
  if (unavailable !== undefined) {
    t.skip(unavailable)
    return
  }
  const scene = await setScene(t, 'cone')
  const { alice, bob } = scene

  const first = await alice.call<Message>('send', bob.accountId, 'hello from behind my NAT')
  await delivered(alice, first, 'the first message')

  // the relayed connection gives way to a WebRTC one (ICE through both NATs)
  const direct = await waitFor(async () => [...await connections(alice, bob), ...await connections(bob, alice)],
    list => list.some(c => c.path === 'hole-punched'), { timeoutMs: 30_000, intervalMs: 100, what: 'a hole-punched connection between Alice and Bob' })
  const webrtc = direct.find(c => c.path === 'hole-punched') as ConnectionView
  assert.match(webrtc.remoteAddr, /\/webrtc\//)
  // the connection can show before the side that upgraded has recorded its success
  const upgrades = await waitFor(async () => Promise.all([alice.call<UpgradeStats>('upgradeStats'), bob.call<UpgradeStats>('upgradeStats')]),
    list => list.some(u => u.lastUpgradeMs != null), { timeoutMs: 15_000, intervalMs: 100, what: 'the upgrade recorded as done' })
  const took = upgrades.map(u => u.lastUpgradeMs).find(ms => ms != null)
  t.diagnostic(`the WebRTC upgrade through both NATs took ${took} ms (signalling over the relay, ICE, DTLS, muxer)`)
  // once upgraded, the relayed connection is closed
  await waitFor(async () => [...await connections(alice, bob), ...await connections(bob, alice)],
    list => list.length > 0 && list.every(c => c.path === 'hole-punched'), { timeoutMs: 15_000, intervalMs: 200, what: 'only hole-punched connections left' })

  const hello = await alice.call<Message>('send', bob.accountId, 'now without the relay')
  const reply = await bob.call<Message>('send', alice.accountId, 'yes, directly')
  assert.equal((await delivered(alice, hello, 'Alice\'s message')).path, 'hole-punched')
  assert.equal((await delivered(bob, reply, 'Bob\'s reply')).path, 'hole-punched')
  const atBob = await bob.call<Message[]>('history', alice.accountId)
  assert.deepEqual(atBob.filter(m => m.text !== first.text).map(m => [m.text, m.path]), [['now without the relay', 'hole-punched'], ['yes, directly', 'hole-punched']])
  assert.equal(await alice.call('upgradeFailure', bob.deviceId), null)
  assert.equal(await bob.call('upgradeFailure', alice.deviceId), null)

  const stats = relayStats(scene)
  assert.equal(stats.reservations.count, 2)
  assert.ok(stats.circuits.opened >= 1)
  assert.ok((stats.metrics['stun.requests'] ?? 0) >= 2, `STUN requests: ${stats.metrics['stun.requests']}`)
})

test('behind two symmetric NATs, the upgrade fails with a reason and messages still flow through the relay', async (t) => {
  if (unavailable !== undefined) {
    t.skip(unavailable)
    return
  }
  const scene = await setScene(t, 'symmetric')
  const { alice, bob } = scene

  const hello = await alice.call<Message>('send', bob.accountId, 'hello from behind a symmetric NAT')
  const first = await delivered(alice, hello, 'Alice\'s message')
  assert.equal(first.path, 'relayed', `Alice's log: ${alice.output().split('\n').filter(line => !line.startsWith('{')).join('\n').slice(-8000)}`)

  // whichever side opened the relayed connection tries WebRTC, fails, and says why
  const reasons = await waitFor(async () => [await alice.call<string | null>('upgradeFailure', bob.deviceId), await bob.call<string | null>('upgradeFailure', alice.deviceId)],
    found => found.every(reason => reason !== null), { timeoutMs: UPGRADE_TIMEOUT_MS + 20_000, intervalMs: 250, what: 'both sides to report why the upgrade failed' })
  for (const reason of reasons) t.diagnostic(`upgrade failure: ${reason}`)
  assert.ok(reasons.some(reason => /no candidate pair connected|ICE never connected/.test(reason ?? '')), reasons.join(' | '))

  const reply = await bob.call<Message>('send', alice.accountId, 'still here, through the relay')
  assert.equal((await delivered(bob, reply, 'Bob\'s reply')).path, 'relayed')
  const atAlice = await alice.call<Message[]>('history', bob.accountId)
  assert.deepEqual(atAlice.map(m => [m.text, m.path]), [['hello from behind a symmetric NAT', 'relayed'], ['still here, through the relay', 'relayed']])
  // a WebRTC connection whose ICE never connected may still be open until its side gives it up
  await waitFor(async () => [...await connections(alice, bob), ...await connections(bob, alice)],
    open => open.length > 0 && open.every(c => c.path === 'relayed'), { timeoutMs: 30_000, intervalMs: 250, what: 'only relayed connections between Alice and Bob' })

  const stats = relayStats(scene)
  assert.ok(stats.circuits.active >= 1, JSON.stringify(stats.circuits))
})
