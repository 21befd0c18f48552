/**
 * Every message kind through the `tim` command line, as two users drive it: real `tim node`
 * child processes on 127.0.0.1 whose users added each other with `tim contacts add`. A reply
 * quotes, an edit shows as edited, reactions come and go, a recall erases the message for
 * both (and its sender sees the recipient's device confirm), delete is for one node only, a
 * burnt message is gone on both sides after it is read, a custom kind arrives with its
 * bytes, a stranger's message refused over the request limit goes through with `tim retry`
 * once accepted, and a conversation is deleted from one node. Each step asserts what `tim history`, `tim message` and `tim watch` show. Every wait
 * is bounded.
 */

import assert from 'node:assert/strict'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import type { Message } from '../../core/api/index.ts'
import { waitFor } from '../helpers/wait-for.ts'
import { tempDir } from '../helpers/temp-dir.ts'
import {
  DELIVERY_TIMEOUT_MS, startCliFriends, startCliUser, startTim, stopTim, tim, timJson, timOk, waitForOutput, type CliUser
} from '../helpers/tim-cli.ts'

/** `tim send …` and the id it prints. */
async function send (from: CliUser, ...args: string[]): Promise<string> {
  return (await timOk('send', '--data', from.data, ...args)).trim()
}

/** Polls `tim message ID --json` on `user`'s node until `done` holds. */
async function waitForMessage (user: CliUser, id: string, what: string, done: (message: Message) => boolean): Promise<Message> {
  return await waitFor(async () => {
    const result = await tim('message', '--data', user.data, id, '--json')
    return result.code === 0 ? JSON.parse(result.stdout) as Message : undefined
  }, message => message !== undefined && done(message), { timeoutMs: DELIVERY_TIMEOUT_MS, intervalMs: 200, what })
    .then(message => message ?? assert.fail(what))
}

/** The line `tim history` prints for one message. */
async function historyLine (user: CliUser, peer: string, id: string): Promise<string> {
  const lines = (await timOk('history', '--data', user.data, peer)).split('\n')
  return lines.find(line => line.includes(` ${id} `)) ?? assert.fail(`no line for ${id} in ${user.name}'s history:\n${lines.join('\n')}`)
}

test('every kind of message through the tim command line', { timeout: 240_000 }, async t => {
  const [alice, bob] = await startCliFriends(t)

  await t.test('a reply quotes the message it answers, on both sides', async () => {
    const question = await send(bob, 'Alice', 'lunch at noon?')
    await waitForMessage(alice, question, 'Bob\'s question at Alice', () => true)
    const answer = await send(alice, 'Bob', 'yes!', '--reply-to', question)
    const received = await waitForMessage(bob, answer, 'the reply at Bob', () => true)
    assert.deepEqual(received.replyTo, { id: question, from: bob.id.accountId, text: 'lunch at noon?' })
    assert.match(await historyLine(bob, 'Alice', answer), new RegExp(`${answer} ← \\(re you: "lunch at noon\\?"\\) yes!`))
    assert.match(await historyLine(alice, 'Bob', answer), /→ \(re Bob: "lunch at noon\?"\) yes!/)
  })

  await t.test('an edit changes the text for both and shows as edited', async () => {
    const id = await send(alice, 'Bob', 'see you at 12')
    await waitForMessage(bob, id, 'the message at Bob', () => true)
    assert.match(await timOk('edit', '--data', alice.data, id, 'see', 'you', 'at', '12:30'), /→ see you at 12:30 {2}\(.*edited/)
    const edited = await waitForMessage(bob, id, 'the edit at Bob', message => message.text === 'see you at 12:30')
    assert.equal(typeof edited.editedAt, 'number')
    assert.match(await historyLine(bob, 'Alice', id), /← see you at 12:30 {2}\(delivered, direct, edited\)/)
    assert.match(await timOk('message', '--data', bob.data, id), /^edited: +\d{4}-/m)

    const notMine = await tim('edit', '--data', bob.data, id, 'hijacked')
    assert.equal(notMine.code, 1, 'only the sender edits')
    assert.match(notMine.stderr, /^error: /)
    assert.equal(notMine.stderr.trim().split('\n').length, 1)
  })

  await t.test('reactions are counted per emoji, named in tim message, and taken back with --remove', async () => {
    const id = await send(alice, 'Bob', 'I got the tickets')
    await waitForMessage(bob, id, 'the message at Bob', () => true)
    assert.match(await timOk('react', '--data', bob.data, id, '🎉'), /\[🎉 1\]/)
    await timOk('react', '--data', alice.data, id, '🎉')
    await waitForMessage(alice, id, 'both reactions at Alice', message => message.reactions?.[0]?.from.length === 2)
    assert.match(await historyLine(alice, 'Bob', id), /I got the tickets {2}\[🎉 2\]/)
    assert.match(await timOk('message', '--data', alice.data, id), /^reaction: +🎉 from (Bob, you|you, Bob)$/m)

    await timOk('react', '--data', bob.data, id, '🎉', '--remove')
    await waitForMessage(alice, id, 'Bob\'s reaction gone at Alice', message => message.reactions?.[0]?.from.length === 1)
    assert.match(await historyLine(alice, 'Bob', id), /\[🎉 1\]/)
  })

  await t.test('a recalled message is erased for both, and its sender sees Bob\'s device confirm', async () => {
    const watch = startTim('watch', '--data', bob.data)
    try {
      await waitForOutput(watch, /watching/, 'tim watch to subscribe', 'stderr')
      const id = await send(alice, 'Bob', 'wrong chat, sorry')
      await waitForMessage(bob, id, 'the message at Bob', () => true)
      assert.match(await timOk('recall', '--data', alice.data, id), /→ \(recalled by its sender\)/)
      const erased = await waitForMessage(bob, id, 'the recall at Bob', message => message.erased === 'recalled')
      assert.equal(erased.text, '')
      assert.match(await historyLine(bob, 'Alice', id), /← \(recalled by its sender\)/)
      await waitForOutput(watch, new RegExp(`changed in Alice: .*${id} ← \\(recalled by its sender\\)`), 'the recall in Bob\'s watch')

      await waitForMessage(alice, id, 'Bob\'s device confirming the recall', message => message.recall?.devices.some(device => device.confirmed) === true)
      assert.match(await timOk('message', '--data', alice.data, id), new RegExp(`^recall: +device ${bob.id.deviceId}: confirmed it erased its copy$`, 'm'))
      assert.doesNotMatch(await timOk('history', '--data', bob.data, 'Alice'), /wrong chat/)
    } finally {
      assert.equal(await stopTim(watch, 'SIGINT'), 0, 'tim watch exits 0 on Ctrl-C')
    }
  })

  await t.test('delete removes a message from this node only', async () => {
    const id = await send(alice, 'Bob', 'a message for the record')
    await waitForMessage(bob, id, 'the message at Bob', () => true)
    assert.equal((await timOk('delete', '--data', bob.data, id)).trim(), `deleted message ${id} from this node`)
    assert.doesNotMatch(await timOk('history', '--data', bob.data, 'Alice'), new RegExp(id))
    const gone = await tim('message', '--data', bob.data, id, '--json')
    assert.equal(gone.code, 1)
    assert.equal((JSON.parse(gone.stderr) as { error: { name: string } }).error.name, 'MessageNotFoundError')
    assert.match(await historyLine(alice, 'Bob', id), /a message for the record/, 'Alice keeps hers')
  })

  await t.test('a message sent with --burn is gone on both sides once Bob has read it and its time is up', async () => {
    const id = await send(alice, 'Bob', 'the door code is 4711', '--burn', '2')
    await waitForMessage(bob, id, 'the message at Bob', () => true)
    assert.match(await historyLine(bob, 'Alice', id), /the door code is 4711 {2}\(.*burns 2 s after reading\)/)
    await timOk('read', '--data', bob.data, 'Alice')
    const burnt = await waitForMessage(bob, id, 'the message burnt at Bob', message => message.erased === 'burnt')
    assert.equal(burnt.text, '')
    await waitForMessage(alice, id, 'the message burnt at Alice', message => message.erased === 'burnt')
    assert.match(await historyLine(alice, 'Bob', id), /→ \(burnt after reading\)/)
    assert.doesNotMatch(await timOk('history', '--data', bob.data, 'Alice'), /4711/)
  })

  await t.test('a custom kind arrives with its type and the file\'s bytes', async () => {
    const file = join(await tempDir(t), 'poll.bin')
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 10, 13])
    await writeFile(file, bytes)
    const id = await send(alice, 'Bob', '--kind', 'example.poll/v1', '--data-file', file)
    const received = await waitForMessage(bob, id, 'the custom message at Bob', () => true)
    assert.equal(received.kind, 'custom')
    assert.deepEqual(received.custom, { type: 'example.poll/v1', data: bytes.toString('base64') })
    assert.match(await historyLine(bob, 'Alice', id), /← \[custom message of type example\.poll\/v1, 8 bytes\]/)

    const missing = await tim('send', '--data', alice.data, 'Bob', '--kind', 'example.poll/v1', '--data-file', join(file, 'nope'))
    assert.equal(missing.code, 1)
    assert.match(missing.stderr, /^error: cannot read the --data-file .*nope/)
    const withText = await tim('send', '--data', alice.data, 'Bob', 'text too', '--kind', 'example.poll/v1', '--data-file', file)
    assert.equal(withText.code, 2)
  })

  await t.test('tim message shows one message with all its fields', async () => {
    const id = await send(alice, 'Bob', 'all', 'the', 'fields')
    const message = await waitForMessage(alice, id, 'the delivered state at Alice', m => m.state === 'delivered')
    const text = await timOk('message', '--data', alice.data, id)
    assert.match(text, new RegExp(`^id: +${message.id}$`, 'm'))
    assert.match(text, new RegExp(`^conversation: +dm:${bob.id.accountId} \\(Bob\\)$`, 'm'))
    assert.match(text, /^from: +you \(tim\w+\)$/m)
    assert.match(text, /^content: +all the fields$/m)
    assert.match(text, /^state: +delivered$/m)
    assert.match(text, /^path: +direct$/m)
  })

  await t.test('a stranger\'s message refused over the request limit is sent again with tim retry once Bob accepts her', async () => {
    const carol = await startCliUser(t, 'Carol')
    await timOk('contacts', 'add', '--data', carol.data, bob.id.invite)
    // a stranger's request keeps its first 10 messages and refuses the rest until accepted
    for (let i = 1; i <= 11; i++) await send(carol, 'Bob', `hello ${i}`)
    const sent = await waitFor(async () => await timJson<Message[]>('history', '--data', carol.data, 'Bob'),
      history => history.filter(m => m.state === 'delivered').length === 10 && history.some(m => m.state === 'failed'),
      { timeoutMs: DELIVERY_TIMEOUT_MS, intervalMs: 200, what: 'ten delivered and one refused at Carol' })
    const refused = sent.find(m => m.state === 'failed') ?? assert.fail('no failed message')
    assert.match(await historyLine(carol, 'Bob', refused.id), /\(failed, .*RequestLimitError/)

    const delivered = sent.find(m => m.state === 'delivered') ?? assert.fail('no delivered message')
    const early = await tim('retry', '--data', carol.data, delivered.id)
    assert.equal(early.code, 1, 'only a failed message is retried')
    assert.match(early.stderr, /^error: .*only a failed outgoing message can be retried/)

    await timOk('contacts', 'accept', '--data', bob.data, carol.id.accountId)
    assert.match(await timOk('retry', '--data', carol.data, refused.id), new RegExp(`${refused.id} → ${refused.text}`))
    await waitForMessage(carol, refused.id, 'the retried message delivered', m => m.state === 'delivered')
    assert.match(await timOk('history', '--data', bob.data, carol.id.accountId), new RegExp(`← ${refused.text} `))
  })

  await t.test('tim conversations delete empties Bob\'s copy of the conversation only', async () => {
    assert.match(await timOk('conversations', '--data', bob.data), /^Alice +dm:tim\w+ +\d+ +\[/m)
    assert.equal((await timOk('conversations', 'delete', '--data', bob.data, 'Alice')).trim(),
      `deleted the conversation dm:${alice.id.accountId} from this node`)
    assert.equal((await timOk('history', '--data', bob.data, 'Alice')).trim(), 'no messages yet')
    assert.doesNotMatch(await timOk('conversations', '--data', bob.data), /Alice/)
    assert.match(await timOk('history', '--data', alice.data, 'Bob'), /all the fields/, 'Alice keeps hers')
  })
})
