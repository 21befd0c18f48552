import { test } from 'node:test'
import assert from 'node:assert/strict'
import { dmConversation, type Presence } from '../../../core/api/index.ts'
import { nextEvent } from '../../helpers/next-event.ts'
import { waitFor } from '../../helpers/wait-for.ts'
import { befriend, connected, startPresenceNode, type PresenceNode } from './helpers.ts'

/** What `watcher` has been shown of `of`: its presence events, in order. */
const shown = (watcher: PresenceNode, of: PresenceNode): Presence[] =>
  watcher.seen.filter(e => e.event === 'contact:presence' && (e.detail as { accountId: string }).accountId === of.account)
    .map(e => (e.detail as { presence: Presence }).presence)

/**
 * `dialer` dials `target` and is refused: the dial fails, or the connection it got is closed
 * by `target` (whose gate refuses it after the encryption handshake, which the dialer's side
 * may already have taken for done).
 */
async function refused (dialer: PresenceNode, target: PresenceNode): Promise<void> {
  let connection
  try {
    connection = await dialer.libp2p.dial(target.libp2p.peerId)
  } catch {
    return
  }
  await waitFor(() => connection.status, status => status !== 'open', { what: `${target.account} to hang up on ${dialer.account}` })
}

async function friendsOnline (t: Parameters<typeof startPresenceNode>[0], a: string, b: string): Promise<[PresenceNode, PresenceNode]> {
  const alice = await startPresenceNode(t, a)
  const bob = await startPresenceNode(t, b)
  const online = nextEvent(bob.hub, 'contact:presence', change => change.accountId === a && change.presence.status === 'online')
  await befriend(alice, bob)
  await online
  return [alice, bob]
}

test('an invisible node tells its contact it is offline, hangs up, and neither dials nor accepts it; typing sends nothing', async (t) => {
  const [alice, bob] = await friendsOnline(t, 'alice', 'bob')
  const offline = nextEvent(bob.hub, 'contact:presence', change => change.presence.status === 'offline')
  assert.deepEqual(await alice.presence.setPresence({ status: 'invisible' }), { status: 'invisible', shareLastSeen: true })
  assert.ok(alice.presence.invisible())
  assert.equal((await offline).presence.status, 'offline')
  assert.equal(connected(alice, bob), false, 'Alice hung up on Bob')
  assert.ok(alice.presence.hides(bob.libp2p.peerId), 'the gate hides Bob')
  await refused(bob, alice)
  await assert.rejects(alice.libp2p.dial(bob.libp2p.peerId), 'Alice does not dial Bob')
  await alice.presence.setTyping({ conversation: dmConversation('bob'), typing: true })
  assert.equal(connected(alice, bob), false)
  assert.deepEqual(bob.seen.filter(e => e.event === 'conversation:typing'), [])
})

test('what a contact sees of an invisible node is what it sees of a node that stops', async (t) => {
  const [invisible, bob] = await friendsOnline(t, 'alice', 'bob')
  const [stopping, carol] = await friendsOnline(t, 'dave', 'carol')
  const bobSeesOffline = nextEvent(bob.hub, 'contact:presence', change => change.presence.status === 'offline')
  const carolSeesOffline = nextEvent(carol.hub, 'contact:presence', change => change.presence.status === 'offline')
  await invisible.presence.setPresence({ status: 'invisible' })
  await stopping.stop()
  await bobSeesOffline
  await carolSeesOffline
  const withoutTimes = (presences: Presence[]): unknown[] => presences.map(({ lastSeen, ...rest }) => ({ ...rest, lastSeen: typeof lastSeen }))
  assert.deepEqual(withoutTimes(shown(bob, invisible)), [{ status: 'online', lastSeen: 'undefined' }, { status: 'offline', lastSeen: 'number' }])
  assert.deepEqual(withoutTimes(shown(carol, stopping)), withoutTimes(shown(bob, invisible)))
  assert.equal(connected(bob, invisible), false)
  assert.equal(connected(carol, stopping), false)
})

test('back from invisible, the node dials its contacts and they see it online again', async (t) => {
  const [alice, bob] = await friendsOnline(t, 'alice', 'bob')
  const offline = nextEvent(bob.hub, 'contact:presence', change => change.presence.status === 'offline')
  await alice.presence.setPresence({ status: 'invisible', text: 'not here' })
  await offline
  const back = nextEvent(bob.hub, 'contact:presence', change => change.presence.status === 'away')
  await alice.presence.setPresence({ status: 'away' })
  assert.deepEqual((await back).presence, { status: 'away', text: 'not here' })
  assert.ok(connected(alice, bob))
})

test('an invisible node is still invisible after a restart: it neither dials nor accepts its contacts', async (t) => {
  const [alice, bob] = await friendsOnline(t, 'alice', 'bob')
  const offline = nextEvent(bob.hub, 'contact:presence', change => change.presence.status === 'offline')
  await alice.presence.setPresence({ status: 'invisible', shareLastSeen: false })
  await offline
  const restarted = await alice.restart()
  assert.deepEqual(restarted.presence.getPresence(), { status: 'invisible', shareLastSeen: false })
  await restarted.libp2p.peerStore.merge(bob.libp2p.peerId, { multiaddrs: bob.libp2p.getMultiaddrs() })
  await bob.libp2p.peerStore.merge(restarted.libp2p.peerId, { multiaddrs: restarted.libp2p.getMultiaddrs() })
  await refused(bob, restarted)
  await assert.rejects(restarted.libp2p.dial(bob.libp2p.peerId), 'Alice does not dial Bob')
  assert.deepEqual(bob.presence.presenceOf('alice'), { status: 'offline' }, 'no last-seen time: Alice hides it')
})

test('an invisible node hangs up on contacts that connected before its contact book was known', async (t) => {
  const alice = await startPresenceNode(t, 'alice')
  const bob = await startPresenceNode(t, 'bob')
  await alice.presence.setPresence({ status: 'invisible' })
  await bob.libp2p.peerStore.merge(alice.libp2p.peerId, { multiaddrs: alice.libp2p.getMultiaddrs() })
  bob.contacts.set('alice', [alice.libp2p.peerId.toString()])
  await bob.libp2p.dial(alice.libp2p.peerId) // Alice does not know Bob yet: nothing hides him
  alice.contacts.set('bob', [bob.libp2p.peerId.toString()])
  await alice.presence.contactsKnown()
  assert.equal(connected(alice, bob), false)
  assert.deepEqual(shown(bob, alice), [], 'Bob was told nothing')
})
