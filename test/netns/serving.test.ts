/**
 * Every reachable node a full node, with real NATs (test/helpers/netns.ts): two ordinary
 * nodes (not `tim relay`, no `--reachable`) with public addresses of their own, Alice and Bob
 * each behind a NAT router. AutoNAT confirms the public nodes' addresses, so they switch to
 * serving: DHT servers that hold mail. Bob goes offline; Alice's message to him is stored on
 * the two public nodes; Bob collects it when he comes back. Neither NATed node ever serves.
 *
 * The WAN segment uses addresses that are public on the Internet (AutoNAT never confirms a
 * private one); they exist only inside the lab's namespaces. Root only, as nat.test.ts.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import type { Contact, Message, ServingStats } from '../../core/api/index.ts'
import { createNatLab, netnsUnavailable, startDrivenNode, type DrivenNode } from '../helpers/netns.ts'
import { waitFor } from '../helpers/peers.ts'
import { tempDir } from '../helpers/temp-dir.ts'

const unavailable = netnsUnavailable()
const START_TIMEOUT_MS = 45_000
/** public on the Internet, so AutoNAT tests it; only ever inside the lab's namespaces */
const WAN_PREFIX = '11.77.0'
/**
 * The public nodes listen on a known port: libp2p announces a public address only once AutoNAT
 * verified it, so until then they cannot tell anyone where they are.
 */
const PORT = 4001

const quick = {
  mdns: false,
  // a collection that found no mailbox yet (the DHT still filling) is tried again soon, not in a minute
  messaging: { retryMinMs: 100, retryMaxMs: 1000, dialTimeoutMs: 5000, deliveryDeadlineMs: 3000, collectIntervalMs: 2000 },
  mailbox: { cacheMs: 0, lookupTimeoutMs: 10_000, requestTimeoutMs: 5000 }
}

async function serving (node: DrivenNode): Promise<ServingStats> {
  return await node.call<ServingStats>('serving')
}

test('two ordinary nodes with public addresses serve the network and hold mail for a NATed node; NATed nodes never serve', async (t) => {
  if (unavailable !== undefined) {
    t.skip(unavailable)
    return
  }
  const lab = createNatLab(t, 'cone', { wanPrefix: WAN_PREFIX, publicHosts: 2 })
  const [p1Host, p2Host] = lab.publicHosts as [typeof lab.publicHosts[0], typeof lab.publicHosts[0]]
  const dir = await tempDir(t)
  const init = (name: string, listen: string, bootstrap: string[]): Record<string, unknown> => ({
    ...quick, name, dataDir: join(dir, name.toLowerCase()), listen: [listen], bootstrap
  })

  const p1 = await startDrivenNode(t, p1Host.ns, init('Public1', `/ip4/${p1Host.ip}/tcp/${PORT}`, []), START_TIMEOUT_MS)
  const p1Address = `/ip4/${p1Host.ip}/tcp/${PORT}/p2p/${p1.deviceId}`
  const p2 = await startDrivenNode(t, p2Host.ns, init('Public2', `/ip4/${p2Host.ip}/tcp/${PORT}`, [p1Address]), START_TIMEOUT_MS)
  const publicAddresses = [p1Address, `/ip4/${p2Host.ip}/tcp/${PORT}/p2p/${p2.deviceId}`]

  // AutoNAT: each asks the other to dial it back, its public address is confirmed, it serves
  for (const node of [p1, p2]) {
    const state = await waitFor(() => serving(node), s => s.serving, { timeoutMs: 60_000, intervalMs: 250, what: 'a public node to serve' })
      .catch(err => { throw new Error(`${(err as Error).message}\nnode: ${node.output().slice(-6000)}`) })
    assert.equal(state.reason, 'public-address')
    assert.equal(state.dhtMode, 'server')
  }

  const aliceInit = init('Alice', `/ip4/${lab.a.ip}/tcp/0`, publicAddresses)
  const bobInit = init('Bob', `/ip4/${lab.b.ip}/tcp/0`, publicAddresses)
  const [alice, bob] = await Promise.all([
    startDrivenNode(t, lab.a.ns, aliceInit, START_TIMEOUT_MS),
    startDrivenNode(t, lab.b.ns, bobInit, START_TIMEOUT_MS)
  ])
  for (const node of [alice, bob]) {
    await waitFor(() => node.call<number>('dhtServers'), count => count >= 2, { timeoutMs: 30_000, intervalMs: 250, what: 'a NATed node to know both public nodes as DHT servers' })
  }
  await alice.call('addContact', (await bob.call<{ invite: string }>('identity')).invite)
  await bob.call('addContact', (await alice.call<{ invite: string }>('identity')).invite)
  // each side's contact request has arrived: none of it lands in Bob's mailboxes later
  for (const [node, other] of [[alice, bob], [bob, alice]] as const) {
    await waitFor(() => node.call<Contact[]>('contacts'), list => list.some(c => c.accountId === other.accountId && c.friend), { timeoutMs: 30_000, intervalMs: 250, what: 'both contact requests to arrive' })
  }
  await bob.stop()

  const sent = await alice.call<Message>('send', bob.accountId, 'kept for you by two ordinary nodes')
  const stored = await waitFor(() => alice.call<Message>('message', sent.id), m => m.state === 'stored', { timeoutMs: 60_000, intervalMs: 250, what: 'Alice\'s message to be stored on mailboxes' })
    .catch(err => { throw new Error(`${(err as Error).message}\nAlice: ${alice.output().slice(-6000)}`) })
  assert.equal(stored.path, 'mailbox')
  for (const node of [p1, p2]) {
    const held = await serving(node)
    // and perhaps a part of the introduction whose ack Bob's stop cut off (a mailbox cannot tell kinds apart)
    assert.ok(held.mailbox.messages >= 1 && held.mailbox.messages <= 3, `a public node holds the message: ${JSON.stringify(held)}`)
  }

  // Bob comes back on the same data directory and collects his mail from the public nodes
  const bobAgain = await startDrivenNode(t, lab.b.ns, bobInit, START_TIMEOUT_MS)
  const received = await waitFor(() => bobAgain.call<Message[]>('history', alice.accountId), list => list.length === 1, { timeoutMs: 60_000, intervalMs: 250, what: 'Bob to collect his mail' })
    .catch(err => { throw new Error(`${(err as Error).message}\nBob: ${bobAgain.output().slice(-6000)}`) })
  assert.deepEqual(received.map(m => [m.text, m.path]), [['kept for you by two ordinary nodes', 'mailbox']])
  await waitFor(() => alice.call<Message>('message', sent.id), m => m.state === 'delivered', { timeoutMs: 30_000, intervalMs: 250, what: 'Alice to see it delivered' })

  // behind their NATs, Alice and Bob never served, all along
  for (const node of [alice, bobAgain]) {
    const state = await serving(node)
    assert.equal(state.serving, false)
    assert.equal(state.reason, 'not-reachable')
    assert.equal(state.dhtMode, 'client')
    assert.equal(state.mailbox.messages, 0)
  }
})
