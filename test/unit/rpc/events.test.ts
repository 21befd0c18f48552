import assert from 'node:assert/strict'
import { test } from 'node:test'
import { messengerEventNames, type Contact, type MessageStateChange, type MessengerEventName, type MessengerEvents } from '../../../core/api/index.ts'
import { connect, message, rawAuthorized, startServer, waitFor, withBob, within } from './helpers.ts'

const T = { timeout: 10_000 }

const request: Contact = {
  accountId: 'timCarol',
  name: 'carol',
  status: 'request',
  devices: [],
  reachability: 'direct',
  addedAt: 1,
  friend: false,
  note: 'we met at the conference',
  verified: false,
  keysChanged: false,
  presence: { status: 'offline' }
}

test('events reach the clients subscribed to them, and stop after unsubscribe', T, async t => {
  const { api, server } = await startServer(t)
  const alice = await connect(t, server)
  const bob = await connect(t, server)
  const aliceGot: unknown[] = []
  const bobGot: unknown[] = []
  const stopAlice = alice.on('message:received', m => { aliceGot.push(m) })
  bob.on('contact:request', c => { bobGot.push(c) })
  await waitFor(() => api.listenerCount() === 2, 'both subscriptions to reach the node')

  const hello = message('01A', 'hello')
  api.emit('message:received', hello)
  api.emit('contact:request', request)
  await waitFor(() => aliceGot.length === 1 && bobGot.length === 1, 'the events')
  assert.deepEqual(aliceGot, [hello])
  assert.deepEqual(bobGot, [request])

  stopAlice()
  stopAlice() // twice is harmless
  await waitFor(() => api.listenerCount() === 1, 'the unsubscribe to reach the node')
  api.emit('message:received', message('01B', 'again'))
  api.emit('contact:request', request)
  await waitFor(() => bobGot.length === 2, 'the second request event')
  // bob's second event came after alice's would have; alice still has only the first
  assert.deepEqual(aliceGot, [hello])
})

test('several listeners share one subscription; the last one out unsubscribes', T, async t => {
  const { api, server } = await startServer(t)
  const client = await connect(t, server)
  const first: MessageStateChange[] = []
  const second: MessageStateChange[] = []
  const stopFirst = client.on('message:state', s => { first.push(s) })
  const stopSecond = client.on('message:state', s => { second.push(s) })
  await waitFor(() => api.listenerCount() === 1, 'one subscription on the node')

  const delivered: MessageStateChange = { id: '01A', conversation: 'dm:timBob', state: 'delivered', path: 'direct' }
  api.emit('message:state', delivered)
  await waitFor(() => first.length === 1 && second.length === 1, 'both listeners')
  assert.deepEqual(first, [delivered])

  stopFirst()
  api.emit('message:state', { ...delivered, state: 'read' })
  await waitFor(() => second.length === 2, 'the remaining listener')
  assert.equal(first.length, 1)
  assert.equal(api.listenerCount(), 1)

  stopSecond()
  await waitFor(() => api.listenerCount() === 0, 'the node to drop the subscription')
})

test('subscribe over the wire checks the event names', T, async t => {
  const { api, server } = await startServer(t)
  const raw = await rawAuthorized(t, server)
  raw.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'subscribe', params: ['message:received', 'no:such'] }))
  const refused = await raw.next()
  assert.equal(refused.id, 1)
  assert.deepEqual((refused.error as { data: unknown }).data, { name: 'InvalidArgumentError' })
  assert.equal(api.listenerCount(), 0)

  raw.send(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'subscribe', params: ['message:received', 'message:received'] }))
  assert.deepEqual(await raw.next(), { jsonrpc: '2.0', id: 2, result: ['message:received'] })
  assert.equal(api.listenerCount(), 1)
  const hello = message('01A', 'hello')
  api.emit('message:received', hello)
  assert.deepEqual(await raw.next(), { jsonrpc: '2.0', method: 'event', params: { event: 'message:received', data: hello } })

  raw.send(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'unsubscribe', params: ['message:received'] }))
  assert.deepEqual(await raw.next(), { jsonrpc: '2.0', id: 3, result: [] })
  assert.equal(api.listenerCount(), 0)
})

test('an unknown event name is refused by the client', T, async t => {
  const { server } = await startServer(t)
  const client = await connect(t, server)
  assert.throws(() => client.on('no:such' as 'message:received', () => {}), { name: 'InvalidArgumentError' })
})

test('a client that does not read its events is disconnected instead of filling the node', T, async t => {
  const { api, server } = await startServer(t, { maxBufferedBytes: 256 * 1024 })
  const raw = await rawAuthorized(t, server)
  raw.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'subscribe', params: ['message:received'] }))
  await raw.next()
  // stop reading from the TCP socket
  ;(raw.ws as unknown as { _socket: { pause: () => void } })._socket.pause()
  const big = message('01A', 'x'.repeat(16 * 1024))
  await within((async () => {
    while (server.clients > 0) {
      for (let i = 0; i < 50; i++) api.emit('message:received', big)
      await new Promise(resolve => setTimeout(resolve, 1))
    }
  })(), 'the slow client to be dropped', 5000)
  assert.equal(api.listenerCount(), 0)
})

test('every event of the contract reaches a subscribed client unchanged', T, async t => {
  const { api, server } = await startServer(t)
  const client = await connect(t, server)
  const recalled = { ...message('01C', ''), erased: 'recalled' as const, recall: { devices: [{ deviceId: '12D3KooWBob', confirmed: true }] } }
  const examples: { [E in MessengerEventName]: MessengerEvents[E] } = {
    'message:received': { ...message('01A', 'hello'), direction: 'in', replyTo: { id: '01Z', from: 'timBob', text: 'earlier' } },
    'message:queued': message('01B', 'queued'),
    'message:state': { id: '01B', conversation: withBob, state: 'read', path: 'mailbox' },
    'message:updated': recalled,
    'message:removed': { id: '01B', conversation: withBob },
    'conversation:updated': { id: withBob, kind: 'dm', name: 'bob', unread: 2, firstUnread: '01A', lastMessage: message('01A', 'hello') },
    'conversation:removed': { id: withBob },
    'conversation:typing': { conversation: withBob, from: 'timBob', typing: true },
    'contact:reachability': { accountId: 'timBob', reachability: 'relayed' },
    'contact:request': request,
    'contact:updated': { ...request, status: 'accepted', friend: true, verified: true },
    'contact:removed': { accountId: 'timCarol' },
    'contact:presence': { accountId: 'timBob', presence: { status: 'away', text: 'lunch', lastSeen: 1_700_000_000_000 } },
    'group:updated': { id: 'group:G1', name: 'Climbers', topic: 'Saturday', avatar: null, open: false, owner: 'timAlice', myRole: null, memberCount: 3, dissolved: false, ended: 'removed' },
    'group:request': { conversation: 'group:G1', accountId: 'timCarol', name: 'Carol', note: 'let me in', at: 1_700_000_000_000 }
  }
  const got: Array<{ event: string, detail: unknown }> = []
  for (const event of messengerEventNames) {
    client.on(event, detail => { got.push({ event, detail }) })
  }
  await waitFor(() => api.listenerCount() === messengerEventNames.length, 'every subscription to reach the node')
  const emit = <E extends MessengerEventName>(event: E): void => { api.emit(event, examples[event]) }
  messengerEventNames.forEach(emit)
  await waitFor(() => got.length === messengerEventNames.length, 'every event')
  assert.deepEqual(got, messengerEventNames.map(event => ({ event, detail: examples[event] })))
})
