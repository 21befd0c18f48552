import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import type { PresenceChange } from '../../../core/api/index.ts'
import { createStore, type Store } from '../../../core/store/index.ts'
import { createContactPresence, type ContactPresence } from '../../../core/presence/contact-presence.ts'
import { tempDir, type AfterHook } from '../../helpers/temp-dir.ts'

interface Book {
  book: ContactPresence
  events: PresenceChange[]
  store: Store
  /** closes the store (once; the test's end closes it too) */
  close: () => Promise<void>
}

async function openBook (path: string): Promise<Book> {
  const store = await createStore({ path })
  const events: PresenceChange[] = []
  const book = createContactPresence({
    sublevel: store.json('presence'),
    emit: change => { events.push(change) },
    onWriteError: err => { throw err }
  })
  await book.load()
  let closing: Promise<void> | undefined
  return { book, events, store, close: async () => { closing ??= store.close(); await closing } }
}

async function newBook (t: AfterHook): Promise<Book & { path: string }> {
  const path = join(await tempDir(t), 'db')
  const opened = await openBook(path)
  t.after(opened.close)
  return { ...opened, path }
}

test('an account is as present as its most present connected device, with that device\'s text', async (t) => {
  const { book, events } = await newBook(t)
  assert.deepEqual(book.presenceOf('bob'), { status: 'offline' }, 'never seen')
  book.heard('bob', 'laptop', { status: 'away', text: 'lunch', lastSeen: 1 })
  book.heard('bob', 'phone', { status: 'online', text: '', lastSeen: 1 })
  assert.deepEqual(book.presenceOf('bob'), { status: 'online' })
  book.left('bob', 'phone')
  assert.deepEqual(book.presenceOf('bob'), { status: 'away', text: 'lunch' })
  assert.deepEqual(events.map(e => e.presence.status), ['away', 'online', 'away'])
  assert.ok(events.every(e => e.accountId === 'bob'))
})

test('one event per change: a repeated presence emits nothing', async (t) => {
  const { book, events } = await newBook(t)
  book.heard('bob', 'laptop', { status: 'busy', text: 'coding', lastSeen: 1 })
  book.heard('bob', 'laptop', { status: 'busy', text: 'coding', lastSeen: 2 })
  assert.equal(events.length, 1)
})

test('a contact with no device left is offline since the moment it left, kept across a restart', async (t) => {
  const { book, events, close, path } = await newBook(t)
  book.heard('bob', 'laptop', { status: 'online', text: '', lastSeen: 1 })
  const before = Date.now()
  book.left('bob', 'laptop')
  const offline = book.presenceOf('bob')
  assert.equal(offline.status, 'offline')
  assert.ok(offline.lastSeen != null && offline.lastSeen >= before && offline.lastSeen <= Date.now(), `lastSeen ${offline.lastSeen}`)
  assert.deepEqual(events.at(-1), { accountId: 'bob', presence: offline })
  await book.settled()
  await close()
  const reopened = await openBook(path)
  t.after(reopened.close)
  assert.deepEqual(reopened.book.presenceOf('bob'), offline)
})

test('a contact that hides its last-seen time is offline without one, and what was known of it is forgotten', async (t) => {
  const { book, events } = await newBook(t)
  book.heard('bob', 'laptop', { status: 'online', text: '', lastSeen: 5 })
  book.left('bob', 'laptop')
  assert.ok(book.presenceOf('bob').lastSeen != null)
  book.heard('bob', 'laptop', { status: 'online', text: '', lastSeen: 0 })
  book.heard('bob', 'laptop', { status: 'offline', text: '', lastSeen: 0 })
  assert.deepEqual(book.presenceOf('bob'), { status: 'offline' })
  assert.deepEqual(events.at(-1)?.presence, { status: 'offline' })
})

test('an offline signal counts as the device leaving', async (t) => {
  const { book } = await newBook(t)
  book.heard('bob', 'laptop', { status: 'online', text: 'hi', lastSeen: 7 })
  book.heard('bob', 'laptop', { status: 'offline', text: '', lastSeen: 9 })
  assert.equal(book.presenceOf('bob').status, 'offline')
  assert.ok(book.presenceOf('bob').lastSeen != null)
})

test('a forgotten contact is offline with nothing known, after a restart too', async (t) => {
  const { book, close, path } = await newBook(t)
  book.heard('bob', 'laptop', { status: 'online', text: '', lastSeen: 1 })
  book.left('bob', 'laptop')
  book.forget('bob')
  assert.deepEqual(book.presenceOf('bob'), { status: 'offline' })
  await book.settled()
  await close()
  const reopened = await openBook(path)
  t.after(reopened.close)
  assert.deepEqual(reopened.book.presenceOf('bob'), { status: 'offline' })
})
