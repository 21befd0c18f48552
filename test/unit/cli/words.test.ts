/**
 * What the user types and reads on the `tim` command line, without a node: a contact's name,
 * account id or `dm:` id names the right 1:1 conversation (app/cli/peer-arg.ts), with a clear
 * error when it names none or several; and a message of every kind reads as what it is in
 * `tim history` and `tim message` (app/cli/message-format.ts).
 */

import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { test } from 'node:test'
import type { Contact, Message } from '../../../core/api/index.ts'
import { accountIdFromPublicKey } from '../../../core/identity/account-id.ts'
import { messageFields, messageLine } from '../../../app/cli/message-format.ts'
import { createNameBook } from '../../../app/cli/name-book.ts'
import { conversationOf } from '../../../app/cli/peer-arg.ts'

const newAccount = (): string => accountIdFromPublicKey(randomBytes(32))

function contact (name: string, status: Contact['status'] = 'accepted'): Contact {
  return {
    accountId: newAccount(), name, status, devices: [], reachability: 'offline', addedAt: 0,
    friend: status === 'accepted', verified: false, keysChanged: false, presence: { status: 'offline' }
  }
}

const bob = contact('Bob')
const stranger = contact('Carol', 'request')
const contacts = [bob, stranger]

test('a contact\'s name (any case), account id or dm: id names the 1:1 conversation', () => {
  for (const word of ['Bob', 'bob', ` ${bob.accountId}\n`, `dm:${bob.accountId}`]) {
    assert.equal(conversationOf(contacts, word), `dm:${bob.accountId}`, word)
  }
  assert.equal(conversationOf(contacts, stranger.accountId), `dm:${stranger.accountId}`, 'a request by its account id')
  const former = newAccount()
  assert.equal(conversationOf(contacts, former), `dm:${former}`, 'a valid id that is not a contact goes to the node, which says whether it knows the account')
})

test('a name that is unknown, a stranger\'s or shared by two contacts is refused with what to type instead', () => {
  assert.throws(() => conversationOf(contacts, 'Dave'), { name: 'UnknownContactError', message: /no contact is named "Dave"/ })
  assert.throws(() => conversationOf(contacts, 'Carol'), { name: 'UnknownContactError', message: /account id/ }, 'a stranger chooses its own name')
  const twin = contact('BOB')
  assert.throws(() => conversationOf([...contacts, twin], 'bob'),
    { name: 'UnknownContactError', message: new RegExp(`2 contacts are named "bob" .*${twin.accountId}.*use the account id`) })
})

test('a mistyped account id or conversation id says what is wrong with it', () => {
  const last = bob.accountId.at(-1) === 'x' ? 'y' : 'x'
  assert.throws(() => conversationOf(contacts, bob.accountId.slice(0, -1) + last), { name: 'InvalidAccountIdError', message: /checksum/ })
  assert.throws(() => conversationOf(contacts, 'dm:not an id'), { name: 'InvalidArgumentError', message: /not a conversation id/ })
})

function message (fields: Partial<Message>): Message {
  return {
    id: '01JAAAAAAAAAAAAAAAAAAAAAAA', conversation: `dm:${bob.accountId}`, from: bob.accountId, direction: 'in',
    kind: 'text', text: 'hello', timestamp: Date.UTC(2026, 0, 1), state: 'delivered', path: 'direct', ...fields
  }
}

test('history lines show replies, edits, reactions, burn timers and what an erased, custom or unsupported message is', () => {
  const me = newAccount()
  const names = createNameBook(contacts, me)
  const line = (fields: Partial<Message>): string => messageLine(message(fields), names)

  assert.match(line({}), /\] 01JAAAAAAAAAAAAAAAAAAAAAAA ← hello {2}\(delivered, direct\)$/)
  assert.match(line({ replyTo: { id: 'X', from: me, text: 'how are you?' } }), /← \(re you: "how are you\?"\) hello/)
  assert.match(line({ editedAt: 1 }), /\(delivered, direct, edited\)$/)
  assert.match(line({ reactions: [{ emoji: '👍', from: [me, bob.accountId] }, { emoji: '❤️', from: [me] }] }), /hello {2}\[👍 2, ❤️ 1\]/)
  assert.match(line({ burn: { seconds: 30 } }), /burns 30 s after reading\)$/)
  assert.match(line({ erased: 'recalled', text: '' }), /← \(recalled by its sender\)/)
  assert.match(line({ erased: 'burnt', text: '', burn: { seconds: 30, expiresAt: 5 } }), /← \(burnt after reading\) {2}\(delivered, direct\)$/)
  assert.match(line({ kind: 'custom', text: '', custom: { type: 'app.poll', data: Buffer.from('abc').toString('base64') } }),
    /\[custom message of type app\.poll, 3 bytes\]/)
  assert.match(line({ kind: 'unsupported', text: '', unsupported: { data: Buffer.from('abcd').toString('base64') } }),
    /\[unsupported message: .*4 bytes\)\]/)
})

test('tim message lists every field a message has, with names for accounts', () => {
  const me = newAccount()
  const fields = new Map(messageFields(message({
    direction: 'out', from: me, state: 'read', editedAt: 2, reactions: [{ emoji: '👍', from: [bob.accountId] }],
    replyTo: { id: 'Y', from: bob.accountId, text: '' }, recall: { devices: [{ deviceId: '12D3KooWx', confirmed: true }] }
  }), createNameBook(contacts, me)))
  assert.equal(fields.get('from'), `you (${me})`)
  assert.equal(fields.get('conversation'), `dm:${bob.accountId} (Bob)`)
  assert.equal(fields.get('reaction'), '👍 from Bob')
  assert.equal(fields.get('reply to'), 'Bob: message Y')
  assert.match(fields.get('recall') ?? '', /12D3KooWx: confirmed/)
  assert.equal(fields.has('failure'), false, 'fields a message does not have are left out')
})
