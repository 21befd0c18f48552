import { test, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { dmConversation, type AccountId, type ConversationId } from '../../../core/api/index.ts'
import { generateSigningKeyPair } from '../../../core/crypto/index.ts'
import { accountIdFromPublicKey } from '../../../core/identity/index.ts'
import { createMessageStore, type MessageStore, type StoredMessage } from '../../../core/messaging/message-store.ts'
import { createStore, type Store } from '../../../core/store/index.ts'
import { createMessageIdGenerator, messageIdToString } from '../../../core/wire/index.ts'
import { tempDir } from '../../helpers/temp-dir.ts'

const me = accountIdFromPublicKey(generateSigningKeyPair().publicKey)
const nextId = createMessageIdGenerator()

function newAccount (): AccountId {
  return accountIdFromPublicKey(generateSigningKeyPair().publicKey)
}

/** a new 1:1 conversation, with an account of its own */
function newConversation (): ConversationId {
  return dmConversation(newAccount())
}

function message (conversation: ConversationId, text: string, timestamp: number): StoredMessage {
  return {
    id: messageIdToString(nextId(timestamp)),
    conversation,
    from: me,
    direction: 'out',
    kind: 'text',
    text,
    timestamp,
    state: 'sent',
    path: 'direct'
  }
}

async function setup (t: TestContext): Promise<{ store: Store, messages: MessageStore }> {
  const store = await createStore({ path: join(await tempDir(t), 'db') })
  t.after(async () => { await store.close() })
  return { store, messages: createMessageStore(store) }
}

async function save (store: Store, messages: MessageStore, list: StoredMessage[]): Promise<void> {
  await store.batch(list.flatMap(m => messages.putOps(m)))
}

const texts = (list: StoredMessage[]): string[] => list.map(m => m.text)

test('history pages run oldest first within a page, newest page first, by timestamp', async (t) => {
  const { store, messages } = await setup(t)
  const bob = newConversation()
  const base = 1_700_000_000_000
  // stored out of order; two share a millisecond (then the id orders them)
  const list = [
    message(bob, 'm3', base + 3000),
    message(bob, 'm1', base + 1000),
    message(bob, 'm5', base + 5000),
    message(bob, 'm2', base + 2000),
    message(bob, 'm4', base + 4000)
  ]
  const sameMs = message(bob, 'm5b', base + 5000)
  await save(store, messages, [...list, sameMs])

  const newest = await messages.page(bob, 2)
  assert.deepEqual(texts(newest), ['m5', 'm5b'])
  const older = await messages.page(bob, 2, newest[0].id)
  assert.deepEqual(texts(older), ['m3', 'm4'])
  const oldest = await messages.page(bob, 2, older[0].id)
  assert.deepEqual(texts(oldest), ['m1', 'm2'])
  assert.deepEqual(await messages.page(bob, 2, oldest[0].id), [])
  assert.deepEqual(texts(await messages.page(bob, 100)), ['m1', 'm2', 'm3', 'm4', 'm5', 'm5b'])
})

test('a page before an unknown message id is refused with MessageNotFoundError', async (t) => {
  const { messages } = await setup(t)
  await assert.rejects(messages.page(newConversation(), 10, messageIdToString(nextId())), { name: 'MessageNotFoundError' })
})

test('conversations never mix, even when one conversation id is a prefix of another', async (t) => {
  const { store, messages } = await setup(t)
  const bob = newConversation()
  const carol = newConversation()
  const bobPrefix = bob.slice(0, -1)
  await save(store, messages, [
    message(bob, 'to bob 1', 1000),
    message(carol, 'to carol 1', 1500),
    message(bob, 'to bob 2', 2000),
    message(bobPrefix, 'to a shorter id', 2500),
    message(carol, 'to carol 2', 3000)
  ])

  assert.deepEqual(texts(await messages.page(bob, 10)), ['to bob 1', 'to bob 2'])
  assert.deepEqual(texts(await messages.page(carol, 10)), ['to carol 1', 'to carol 2'])
  assert.deepEqual(texts(await messages.page(bobPrefix, 10)), ['to a shorter id'])
  assert.equal((await messages.last(bob))?.text, 'to bob 2')
  assert.equal((await messages.last(carol))?.text, 'to carol 2')
  const newestFirst: string[] = []
  for await (const m of messages.newestFirst(bob)) newestFirst.push(m.text)
  assert.deepEqual(newestFirst, ['to bob 2', 'to bob 1'])
  assert.equal(await messages.last(newConversation()), null)
})

test('paging one conversation before a message of another is refused, never showing the other', async (t) => {
  const { store, messages } = await setup(t)
  const [first, second] = [newConversation(), newConversation()].sort()
  const mine = message(first, 'first conversation', 1000)
  const theirs = [message(second, 'second conversation, older', 500), message(second, 'second conversation, newer', 2000)]
  await save(store, messages, [mine, ...theirs])

  // `before` from the second conversation while reading the first (which sorts before it)
  await assert.rejects(messages.page(first, 10, theirs[1].id), { name: 'MessageNotFoundError' })
  assert.deepEqual(texts(await messages.page(first, 10)), ['first conversation'])
})

test('get returns a stored message and its update; an unknown id is MessageNotFoundError', async (t) => {
  const { store, messages } = await setup(t)
  const bob = newConversation()
  const sent = message(bob, 'hello', 1000)
  await save(store, messages, [sent])
  assert.deepEqual(await messages.get(sent.id), sent)

  await store.batch(messages.updateOps({ ...sent, state: 'delivered' }))
  assert.equal((await messages.get(sent.id)).state, 'delivered')
  assert.equal((await messages.page(bob, 10)).length, 1, 'an update does not add a message')
  await assert.rejects(messages.get(messageIdToString(nextId())), { name: 'MessageNotFoundError' })
})

test('getMany returns each stored message with its current state, in the order asked, and undefined for unknown ids', async (t) => {
  const { store, messages } = await setup(t)
  const bob = newConversation()
  const carol = newConversation()
  const list = [message(bob, 'one', 1_700_000_000_000), message(carol, 'two', 1_700_000_000_001), message(bob, 'three', 1_700_000_000_002)]
  await save(store, messages, list)
  await store.batch(messages.updateOps({ ...list[1], state: 'read' }))
  const unknown = messageIdToString(nextId(1_700_000_000_003))

  const found = await messages.getMany([list[2].id, unknown, list[1].id, list[0].id, list[2].id])
  assert.deepEqual(found.map(m => m?.text), ['three', undefined, 'two', 'one', 'three'])
  assert.deepEqual(found.map(m => m?.state), ['sent', undefined, 'read', 'sent', 'sent'])
  assert.deepEqual(found[2], { ...list[1], state: 'read' })
  assert.deepEqual(await messages.getMany([]), [])
})

test('a state change is stored apart from the text, and every read returns the current state', async (t) => {
  const { store, messages } = await setup(t)
  const bob = newConversation()
  const [first, second] = [message(bob, 'first', 1000), message(bob, 'second', 2000)]
  await save(store, messages, [first, second])

  await store.batch(messages.updateOps({ ...first, state: 'failed', path: null, failure: 'UnknownContactError: gone' }))
  await store.batch(messages.updateOps({ ...second, state: 'read', path: 'mailbox' }))
  const expectFirst = { ...first, state: 'failed', path: null, failure: 'UnknownContactError: gone' }
  const expectSecond = { ...second, state: 'read', path: 'mailbox' }
  assert.deepEqual(await messages.get(first.id), expectFirst)
  assert.deepEqual(await messages.page(bob, 10), [expectFirst, expectSecond])
  assert.deepEqual(await messages.last(bob), expectSecond)
  const newest: StoredMessage[] = []
  for await (const m of messages.newestFirst(bob)) {
    newest.push(m)
  }
  assert.deepEqual(newest, [expectSecond, expectFirst])

  // retried: pending again, and the failure is gone
  await store.batch(messages.updateOps({ ...first, state: 'pending', path: null }))
  assert.deepEqual(await messages.get(first.id), { ...first, state: 'pending', path: null })
  // the text was written once: the messages sublevel still holds what was first stored
  assert.deepEqual(await store.json<StoredMessage>('messages').values().all(), [first, second])
})

test('holder names the conversation of each id, and lookups made together share one read', async (t) => {
  const { store, messages } = await setup(t)
  const bob = newConversation()
  const stored = [message(bob, 'a', 1000), message(bob, 'b', 2000), message(bob, 'c', 3000)]
  await save(store, messages, stored)
  const unknown = [messageIdToString(nextId()), messageIdToString(nextId())]

  const index = store.json<string>('message-index')
  const getMany = index.getMany.bind(index)
  let reads = 0
  index.getMany = (async (keys: string[]) => { reads++; return getMany(keys) }) as typeof index.getMany
  t.after(() => { index.getMany = getMany })

  const ids = [stored[0].id, unknown[0], stored[1].id, unknown[1], stored[2].id]
  assert.deepEqual(await Promise.all(ids.map(messages.holder)), [bob, null, bob, null, bob])
  assert.equal(reads, 1)

  // a later round is a new read, and sees what was written since
  await save(store, messages, [{ ...message(bob, 'd', 4000), id: unknown[0] }])
  assert.deepEqual(await Promise.all([messages.holder(unknown[0]), messages.holder(unknown[1])]), [bob, null])
  assert.equal(reads, 2)
})

test('conversation records default to no unread and list their conversation ids', async (t) => {
  const { store, messages } = await setup(t)
  const bob = newConversation()
  assert.deepEqual(await messages.conversation(bob), { unread: 0 })
  await store.batch([messages.conversationOp(bob, { unread: 3 })])
  assert.deepEqual(await messages.conversation(bob), { unread: 3 })
  assert.deepEqual(await messages.conversationIds(), [bob])
})

test('an id another account\'s message holds is filed under a local id, found through its alias; newestId is the greatest id', async (t) => {
  const { store, messages } = await setup(t)
  const [bob, mallory] = [newAccount(), newAccount()]
  assert.equal(await messages.newestId(), null)
  const first = message(dmConversation(mallory), 'first', 1000)
  await save(store, messages, [first])
  const local = messageIdToString(nextId())
  await store.batch([...messages.putOps({ ...message(dmConversation(bob), 'second', 2000), id: local, sentAs: first.id }), messages.aliasOp(bob, first.id, local)])
  assert.equal(await messages.holder(first.id), dmConversation(mallory))
  assert.equal(await messages.aliasOf(bob, first.id), local)
  assert.equal(await messages.aliasOf(mallory, first.id), null)
  assert.equal((await messages.get(local)).sentAs, first.id)
  assert.equal(await messages.newestId(), local > first.id ? local : first.id)
})
