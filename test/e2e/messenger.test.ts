/**
 * The messenger end to end, as two people use it: two real nodes (`tim node --ui` child
 * processes in fresh data directories, so both start in onboarding) and two Chromium pages
 * (one browser, two contexts) driven by the accessible names the renderer promises. Alice
 * and Bob create their accounts, Bob adds Alice from her invite link; his first message is
 * a request for Alice, which opening does not accept or mark read (no receipt to a
 * stranger); she accepts, it goes read, she answers and that goes read once Bob looks;
 * Bob's node is restarted and the conversation is still there. Screenshots of the main screens go to test/e2e/screenshots/.
 * Skips, saying why, when there is no Chromium or no renderer to build.
 */

import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { SCREENSHOTS, STEP_TIMEOUT_MS, message, messages, nav, openChat, storySteps, waitForState } from './chat-page.ts'
import { chromiumPath, launchChromium, root, startUiNode, type UiNode } from './ui-node.ts'


/** Why this test cannot run here, or undefined. */
function missingPrerequisite (): string | undefined {
  const browser = chromiumPath()
  if ('missing' in browser) return browser.missing
  if (!existsSync(join(root, 'renderer', 'dist', 'index.html'))) {
    return existsSync(join(root, 'renderer', 'vite.config.ts'))
      ? undefined // npm test builds it; run alone, `tim node --ui` says how to build it
      : 'the renderer has no build yet (no renderer/vite.config.ts)'
  }
  return undefined
}

interface Person {
  name: string
  node: UiNode
  context: BrowserContext
  page: Page
}

async function screenshot (page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true })
}

/** What the test started, for its cleanup. */
interface Started {
  nodes: UiNode[]
  pages: Map<string, Page>
}

/** Starts a node in onboarding and opens its login link in a fresh browser context. */
async function onboard (browser: Browser, name: string, dataDir: string, started: Started): Promise<Person> {
  const node = await startUiNode(dataDir)
  started.nodes.push(node)
  const context = await browser.newContext({
    viewport: { width: 1100, height: 760 },
    colorScheme: 'light',
    permissions: ['clipboard-read', 'clipboard-write']
  })
  context.setDefaultTimeout(STEP_TIMEOUT_MS)
  context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS)
  const page = await context.newPage()
  started.pages.set(name, page)
  await page.goto(node.loginUrl())
  return { name, node, context, page }
}

test('two people chat in the browser UI, and the chat survives a node restart', { timeout: 170_000 }, async t => {
  const missing = missingPrerequisite()
  if (missing !== undefined) {
    t.diagnostic(`skipped: ${missing}`)
    t.skip(missing)
    return
  }
  const path = chromiumPath()
  assert.ok('path' in path)

  const base = await mkdtemp(join(tmpdir(), 'tim-e2e-'))
  await mkdir(SCREENSHOTS, { recursive: true })
  let browser: Browser | undefined
  const started: Started = { nodes: [], pages: new Map() }
  // one hook, so the order is sure: last screens, browser, nodes (SIGTERM), then their data
  t.after(async () => {
    for (const [name, page] of started.pages) await screenshot(page, `last-${name.toLowerCase()}`).catch(() => {})
    await browser?.close()
    const exits = await Promise.all(started.nodes.map(async node => await node.stop()))
    await rm(base, { recursive: true, force: true, maxRetries: 3 })
    assert.deepEqual(exits, started.nodes.map(() => 0), 'every node exits 0 on SIGTERM')
  })
  browser = await launchChromium(path.path)
  const alice = await onboard(browser, 'Alice', join(base, 'alice'), started)
  const bob = await onboard(browser, 'Bob', join(base, 'bob'), started)
  let invite = ''
  /** the story goes on only while every step so far passed: each builds on the last */
  const step = storySteps(t)

  await step('a fresh node opens on onboarding; each creates an account', async () => {
    for (const person of [alice, bob]) {
      const name = person.page.getByRole('textbox', { name: 'Display name' })
      await name.waitFor()
      if (person === alice) await screenshot(person.page, 'onboarding')
      await name.fill(person.name)
      await person.page.getByRole('button', { name: 'Create account' }).click()
      await nav(person.page, 'Chats').waitFor()
    }
    assert.match(alice.node.output(), /Tim node running\naccount: tim/, 'the node started once the account existed')
  })

  await step('Alice\'s invite screen shows her tim:// link and a QR code', async () => {
    await nav(alice.page, 'Invite').click()
    const link = alice.page.getByRole('textbox', { name: 'Your invite link' })
    await link.waitFor()
    invite = await link.inputValue()
    assert.match(invite, /^tim:\/\//)
    await alice.page.getByRole('button', { name: 'Copy invite' }).click()
    assert.equal(await alice.page.evaluate('navigator.clipboard.readText()'), invite, 'Copy invite puts the link on the clipboard')
    await screenshot(alice.page, 'invite')
  })

  await step('Bob adds Alice from her invite; a bad invite is refused with an alert', async () => {
    const page = bob.page
    await nav(page, 'Add contact').click()
    const inviteBox = page.getByRole('textbox', { name: 'Invite' })
    await inviteBox.fill('tim://not-an-invite')
    await page.getByRole('textbox', { name: 'Contact name' }).fill('Alice')
    await page.getByRole('button', { name: 'Add', exact: true }).click()
    const refused = page.getByRole('alert').filter({ hasText: /invite/i }).first()
    await refused.waitFor()
    assert.equal(await refused.getAttribute('data-error'), 'InvalidInviteError')
    assert.doesNotMatch(await refused.innerText(), /Error|decode|index/, 'the alert speaks to people, not developers')

    await inviteBox.fill(invite)
    await page.getByRole('button', { name: 'Add', exact: true }).click()
    await nav(page, 'Contacts').click()
    const contact = page.getByRole('list', { name: 'Contacts' }).getByRole('listitem').filter({ hasText: 'Alice' })
    await contact.waitFor()
    const badge = contact.locator('[data-reachability]')
    assert.match(await badge.getAttribute('data-reachability') ?? '', /^(direct|relayed|offline)$/)
    await screenshot(page, 'contacts')
  })

  await step('Bob sends "Hi Alice" with Enter: delivered; Alice opens his request, which stays unread until she accepts it', async () => {
    const page = bob.page
    await nav(page, 'Contacts').click()
    await page.getByRole('list', { name: 'Contacts' }).getByRole('button', { name: 'Chat with Alice' }).click()
    const box = page.getByRole('textbox', { name: 'Message' })
    await box.fill('Hi Alice')
    await box.press('Enter')
    const mine = message(page, 'out', 'Hi Alice')
    await mine.waitFor()
    await waitForState(mine, 'delivered')
    assert.equal(await mine.locator('[data-path]').first().getAttribute('data-path'), 'direct')
    assert.equal(await box.inputValue(), '', 'the box is cleared once sent')

    // Bob is not Alice's contact yet: his request is named by his account id, never by the name he chose
    await nav(alice.page, 'Chats').click()
    const conversation = alice.page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /^Unknown tim/ })
    await conversation.getByLabel('1 unread').waitFor()
    assert.equal(await alice.page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: /^Bob/ }).count(), 0)
    await conversation.click()
    await alice.page.getByText('calls themselves “Bob”').waitFor()
    await message(alice.page, 'in', 'Hi Alice').waitFor()
    const aliceBox = alice.page.getByRole('textbox', { name: 'Message' })
    assert.equal(await aliceBox.isDisabled(), true, 'a request cannot be answered before it is accepted')
    assert.equal(await aliceBox.getAttribute('placeholder'), 'Accept to reply')
    await screenshot(alice.page, 'request')
    assert.equal(await mine.locator('[data-state]').getAttribute('data-state'), 'delivered', 'opening a request sends no read receipt')
    assert.equal(await conversation.getByLabel('1 unread').count(), 1, 'opening a request does not mark it read')

    await alice.page.getByRole('button', { name: 'Accept', exact: true }).click()
    await aliceBox.and(alice.page.locator(':enabled')).waitFor()
    await waitForState(mine, 'read')
  })

  await step('Alice answers "Hi Bob" with Send: delivered, then read once Bob looks', async () => {
    // Bob looks elsewhere, so that Alice's message is not read the moment it arrives
    await nav(bob.page, 'Contacts').click()
    const page = alice.page
    await page.getByRole('textbox', { name: 'Message' }).fill('Hi Bob')
    await page.getByRole('button', { name: 'Send', exact: true }).click()
    const mine = message(page, 'out', 'Hi Bob')
    await waitForState(mine, 'delivered')

    await openChat(bob.page, 'Alice')
    await message(bob.page, 'in', 'Hi Bob').waitFor()
    await waitForState(mine, 'read')
    await screenshot(page, 'chat-light')
  })

  await step('Settings has a theme picker that turns the chat dark', async () => {
    const page = alice.page
    await nav(page, 'Settings').click()
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor()
    await screenshot(page, 'settings')
    await page.getByRole('radio', { name: 'Dark' }).check()
    await page.locator('html[data-theme="dark"]').waitFor({ state: 'attached' })
    await openChat(page, 'Bob')
    await message(page, 'out', 'Hi Bob').waitFor()
    await screenshot(page, 'chat-dark')
  })

  await step('after Bob\'s node restarts, a fresh login link shows the whole conversation', async () => {
    await bob.node.restart()
    const page = bob.page
    await page.goto(bob.node.loginUrl())
    await openChat(page, 'Alice')
    await message(page, 'out', 'Hi Alice').waitFor()
    await message(page, 'in', 'Hi Bob').waitFor()
    assert.equal(await messages(page).locator('[data-direction]').count(), 2)
    await waitForState(message(page, 'out', 'Hi Alice'), 'read')
  })
})
