/**
 * Web mode when a node goes away and comes back, as a user lives it: Alice's page keeps
 * her draft across a reload; a message to Bob while his node is off says that it waits for
 * him and goes out when he is back; while her own node is down the page says so, greys out what it
 * can no longer know (Bob's reachability) and takes a message "to be sent when the node is
 * back" instead of failing; when the node is back (same ports, a new session token) the page
 * says plainly to open the new login link; once she does, the draft is still there and the
 * waiting message goes out to Bob.
 */

import assert from 'node:assert/strict'
import { join } from 'node:path'
import { test } from 'node:test'
import { dmConversation } from '../../core/api/index.ts'
import { STEP_TIMEOUT_MS, message } from './chat-page.ts'
import { connectApi, freePort, initAccount, launchChromium, startBrowserTest, startUiNode } from './ui-node.ts'


test('web mode: a node restart keeps the draft and sends what was written meanwhile', { timeout: 180_000 }, async t => {
  const scene = await startBrowserTest(t, 'recovery')
  if (scene === null) return
  const stopLater = (stop: () => Promise<unknown>): void => { scene.stops.push(stop) }
  /** the API of the node on `dir`, closed after the test */
  const apiOf = async (dir: string): Promise<Awaited<ReturnType<typeof connectApi>>> => {
    const client = await connectApi(dir)
    stopLater(async () => { await client.close() })
    return client
  }

  const aliceDir = join(scene.base, 'alice')
  const bobDir = join(scene.base, 'bob')
  initAccount(aliceDir, 'Alice')
  initAccount(bobDir, 'Bob')
  // the same ports after the restart: the page's origin (and so its storage) stays the same
  const alice = await startUiNode(aliceDir, { args: ['--ui-port', String(await freePort()), '--api', `127.0.0.1:${await freePort()}`] })
  stopLater(async () => await alice.stop())
  const bob = await startUiNode(bobDir)
  stopLater(async () => await bob.stop())
  let bobApi = await apiOf(bobDir)
  // closed before Alice's node stops: it does not outlive her first run
  const aliceApi = await connectApi(aliceDir)
  const bobAccount = (await bobApi.getIdentity()).accountId
  const aliceAccount = (await aliceApi.getIdentity()).accountId
  await bobApi.addContact({ invite: (await aliceApi.getIdentity()).invite })
  await aliceApi.addContact({ invite: (await bobApi.getIdentity()).invite })
  await aliceApi.close()

  const browser = scene.browser = await launchChromium(scene.chromium)
  const context = await browser.newContext({ viewport: { width: 1100, height: 700 }, colorScheme: 'light' })
  context.setDefaultTimeout(STEP_TIMEOUT_MS)
  const page = await context.newPage()
  await page.goto(alice.loginUrl())
  await page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /^Bob/ }).click()
  const box = page.getByRole('textbox', { name: 'Message' })

  await t.test('a draft survives a reload of the page', async () => {
    await box.fill('a draft kept across reloads')
    await page.reload()
    await page.getByRole('heading', { name: 'Bob', level: 2 }).waitFor()
    assert.equal(await box.inputValue(), 'a draft kept across reloads')
  })

  await t.test('a message to Bob while his node is off says it waits for him, and goes out when he is back', async () => {
    await bob.stop()
    await page.locator('.chat-header [data-reachability="offline"]').waitFor()
    await box.fill('are you there?')
    await box.press('Enter')
    const waiting = message(page, 'out', 'are you there?')
    await waiting.getByText('Waiting for Bob to come online').waitFor()
    await bob.start()
    bobApi = await apiOf(bobDir)
    await waiting.locator('[data-state="delivered"], [data-state="read"]').waitFor({ timeout: 60_000 })
    await waiting.getByText('Waiting for Bob to come online').waitFor({ state: 'detached' })
    await box.fill('a draft kept across reloads')
  })

  await t.test('while the node is down the page says so, greys out reachability and keeps what is sent', async () => {
    await alice.stop()
    await page.locator('[data-connection="reconnecting"]').waitFor()
    await page.locator('.chat-header [data-reachability="unknown"]').waitFor()
    await page.getByText('messages will be sent when it is back').waitFor()
    await box.fill('written while the node was down')
    await box.press('Enter')
    const waiting = message(page, 'out', 'written while the node was down')
    await waiting.getByText('Will be sent when your Tim node is back').waitFor()
    assert.equal(await page.getByRole('alert').filter({ hasText: /Not sent|Error/ }).count(), 0, 'Send did not fail')
    await box.fill('half-written thought')
  })

  await t.test('when the node is back with a new session the page says to open the new link; then all is there', async () => {
    await alice.start()
    await page.locator('[data-connection="signed-out"]', { hasText: 'Open the new login link' }).waitFor()
    await page.goto(alice.loginUrl())
    await page.getByRole('heading', { name: 'Bob', level: 2 }).waitFor()
    await page.locator('[data-connection]').waitFor({ state: 'detached' })
    assert.equal(await box.inputValue(), 'half-written thought', 'the draft is kept')
    const sent = message(page, 'out', 'written while the node was down')
    await sent.locator('[data-state="delivered"], [data-state="read"]').waitFor()
    const history = await bobApi.history({ conversation: dmConversation(aliceAccount) })
    assert.deepEqual(history.filter(m => m.text === 'written while the node was down').length, 1, 'sent once')
    const aliceAgain = await apiOf(aliceDir)
    assert.equal((await aliceAgain.history({ conversation: dmConversation(bobAccount) })).filter(m => m.text === 'written while the node was down').length, 1)
  })
})
