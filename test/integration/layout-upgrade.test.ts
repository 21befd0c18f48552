/**
 * A data directory written by an earlier Tim opens with everything intact. The fixture
 * test/fixtures/layout-5 is Alice's data directory as commit 7d8cb1e left it (store layout 5:
 * conversations keyed by bare account ids); `expected.json` lists what it holds. Opened by
 * today's code (layout 6: conversation ids), every message, state, contact status and unread
 * count is still there, under `dm:` conversation ids, and the message left pending in the
 * outbox is still waiting to be sent.
 */

import assert from 'node:assert/strict'
import { cp, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { dmConversation } from '../../core/api/index.ts'
import { createNode } from '../../core/index.ts'
import { loopbackInit } from '../helpers/peers.ts'
import { tempDir } from '../helpers/temp-dir.ts'

const fixture = fileURLToPath(new URL('../fixtures/layout-5', import.meta.url))

interface Expected {
  accounts: Record<'alice' | 'bob' | 'carol' | 'dave', string>
  contacts: Record<string, string>
  unread: Record<'bob' | 'carol' | 'dave', number>
  messages: Record<'bob' | 'carol' | 'dave', Array<{ id: string, direction: string, state: string, text: string }>>
}

test('a data directory of store layout 5 opens with every message, state, contact and unread count intact', async (t) => {
  const expected = JSON.parse(await readFile(join(fixture, 'expected.json'), 'utf8')) as Expected
  const dataDir = join(await tempDir(t), 'alice')
  await cp(fixture, dataDir, { recursive: true })
  const node = await createNode({ ...loopbackInit, dataDir })
  t.after(async () => { await node.stop() })
  const { api } = node

  assert.equal((await api.getIdentity()).accountId, expected.accounts.alice)
  const contacts = await api.listContacts()
  assert.deepEqual(Object.fromEntries(contacts.map(contact => [contact.name, contact.status])), expected.contacts)

  for (const peer of ['bob', 'carol', 'dave'] as const) {
    const conversation = dmConversation(expected.accounts[peer])
    const history = await api.history({ conversation, limit: 500 })
    assert.deepEqual(
      history.map(({ id, direction, state, text }) => ({ id, direction, state, text })),
      expected.messages[peer],
      `the conversation with ${peer}`
    )
    assert.ok(history.every(message => message.conversation === conversation && message.kind === 'text'))
  }
  const conversations = await api.conversations()
  assert.deepEqual(
    Object.fromEntries(conversations.map(conversation => [conversation.id, conversation.unread])),
    Object.fromEntries((['bob', 'carol', 'dave'] as const).map(peer => [dmConversation(expected.accounts[peer]), expected.unread[peer]]))
  )
  const withBob = conversations.find(conversation => conversation.id === dmConversation(expected.accounts.bob))
  assert.equal(withBob?.firstUnread, expected.messages.bob.find(m => m.text === 'Bob: unread one ✓')?.id, 'the divider goes before the first unread message')
  // the pending message is still in the outbox: marking the conversation read works on the migrated counts
  const read = await api.markRead({ conversation: dmConversation(expected.accounts.bob) })
  assert.equal(read.unread, 0)
})
