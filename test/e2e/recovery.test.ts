/**
 * Web mode when the node goes away and comes back, as a user lives it: Alice's page keeps
 * her draft across a reload; while her node is down the page says so, greys out what it
 * can no longer know (Bob's reachability) and takes a message "to be sent when the node is
 * back" instead of failing; when the node is back (same ports, a new session token) the page
 * says plainly to open the new login link; once she does, the draft is still there and the
 * waiting message goes out to Bob.
 */

import assert from 'node:assert/strict'
import { join } from 'node:path'
import { test } from 'node:test'
import type { Locator, Page } from 'playwright-core'
import { dmConversation } from '../../core/api/index.ts'
import type { RpcClient } from '../../core/rpc/client.ts'
import { connectApi, freePort, initAccount, launchChromium, startBrowserTest, startUiNode, type UiNode } from './ui-node.ts'

const STEP_TIMEOUT_MS = 20_000

function message (page: Page, direction: 'in' | 'out', text: string): Locator {
  return page.getByRole('list', { name: 'Messages' }).locator(`[data-direction="${direction}"]`, { hasText: text })
}

test('web mode: a node restart keeps the draft and sends what was written meanwhile', { timeout: 180_000 }, async t => {
  const scene = await startBrowserTest(t, 'recovery')
  if (scene === null) return
  const nodes: UiNode[] = []
  const apis: RpcClient[] = []
  t.after(async () => {
    for (const api of apis) await api.close().catch(() => {})
    for (const node of nodes) await node.stop()
  })

  const aliceDir = join(scene.base, 'alice')
  const bobDir = join(scene.base, 'bob')
  initAccount(aliceDir, 'Alice')
  initAccount(bobDir, 'Bob')
  // the same ports after the restart: the page's origin (and so its storage) stays the same
  const alice = await startUiNode(aliceDir, { args: ['--ui-port', String(await freePort()), '--api', `127.0.0.1:${await freePort()}`] })
  nodes.push(alice)
  const bob = await startUiNode(bobDir)
  nodes.push(bob)
  const bobApi = await connectApi(bobDir)
  apis.push(bobApi)
  let aliceApi = await connectApi(aliceDir)
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
    aliceApi = await connectApi(aliceDir)
    apis.push(aliceApi)
    assert.equal((await aliceApi.history({ conversation: dmConversation(bobAccount) })).filter(m => m.text === 'written while the node was down').length, 1)
  })
})
