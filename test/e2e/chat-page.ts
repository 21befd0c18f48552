/**
 * What the browser tests read and do on the messenger page, by the accessible names and
 * data attributes the renderer promises: a person (a node, its API and a page on it), the
 * message list and its items, a message's state, opening a chat, sending from the composer,
 * and a story of steps where a failed step skips the rest (each builds on the last). Every
 * wait is bounded.
 */

import { join } from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import type { AccountId } from '../../core/api/index.ts'
import type { RpcClient } from '../../core/rpc/client.ts'
import { connectApi, initAccount, root, startUiNode, type BrowserTestScene, type UiNode } from './ui-node.ts'

/** Where the browser tests leave screenshots (ignored by git). */
export const SCREENSHOTS = join(root, 'test', 'e2e', 'screenshots')

/** Longest any single UI step may take (a click, a page load, a message changing state). */
export const STEP_TIMEOUT_MS = 20_000

/** A navigation button of the app (exact name, so "Chats" is not a conversation's button). */
export function nav (page: Page, name: 'Chats' | 'Contacts' | 'Invite' | 'Settings' | 'Add contact' | 'Status'): Locator {
  return page.getByRole('button', { name, exact: true })
}

export function messages (page: Page): Locator {
  return page.getByRole('list', { name: 'Messages' })
}

/** The message item of `text` going `direction`. */
export function message (page: Page, direction: 'in' | 'out', text: string): Locator {
  return messages(page).locator(`[data-direction="${direction}"]`, { hasText: text })
}

/** Waits until the state tick of a message says `state`; fails with what it said last. */
export async function waitForState (item: Locator, state: string, timeout = STEP_TIMEOUT_MS): Promise<void> {
  try {
    await item.locator(`[data-state="${state}"]`).waitFor({ timeout })
  } catch (err) {
    const shown = await item.locator('[data-state]').getAttribute('data-state', { timeout: 1000 }).catch(() => '(none)')
    throw new Error(`the message never showed "${state}" (it shows "${shown}"): ${(err as Error).message.split('\n')[0]}`)
  }
}

/** Polls `done` (bounded) until it holds; fails saying what it waited for. */
export async function waitUntil (done: () => Promise<boolean>, what: string | (() => Promise<string>), timeout = STEP_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeout
  while (!await done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : await what()}`)
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}

/** Waits until the page's title starts with `prefix` ("(3)": three unread); the page's CSP forbids waitForFunction's eval. */
export async function waitForTitle (page: Page, prefix: string, timeout = STEP_TIMEOUT_MS): Promise<void> {
  await waitUntil(async () => (await page.title()).startsWith(prefix), async () => `the title to start with "${prefix}" (it is "${await page.title()}")`, timeout)
}

/** Someone in a browser test: their node, its API (what the CLI uses) and their page on it. */
export interface Person {
  name: string
  account: AccountId
  node: UiNode
  api: RpcClient
  page: Page
}

/** `tim init` and `tim node --ui` for `name` in the scene's directory, and a page logged in to it (all stopped after the test). */
export async function startPerson (scene: BrowserTestScene, browser: Browser, name: string): Promise<Person> {
  const dataDir = join(scene.base, name.toLowerCase())
  initAccount(dataDir, name)
  const node = await startUiNode(dataDir)
  scene.stops.push(async () => await node.stop())
  const api = await connectApi(dataDir)
  scene.stops.push(async () => { await api.close() })
  const context = await browser.newContext({ viewport: { width: 1100, height: 700 }, colorScheme: 'light' })
  context.setDefaultTimeout(STEP_TIMEOUT_MS)
  const page = await context.newPage()
  await page.goto(node.loginUrl())
  return { name, account: (await api.getIdentity()).accountId, node, api, page }
}

/** Sends `text` from the composer; resolves with the message once the node holds it (no longer a local echo). */
export async function send (page: Page, text: string): Promise<Locator> {
  const box = page.getByRole('textbox', { name: 'Message' })
  await box.fill(text)
  await box.press('Enter')
  const sent = message(page, 'out', text).and(page.locator(':not([data-local])'))
  await sent.waitFor()
  return sent
}

/** Opens the chat with `peer` from the Chats screen. */
export async function openChat (page: Page, peer: string): Promise<void> {
  await nav(page, 'Chats').click()
  await page.getByRole('list', { name: 'Conversations' }).getByRole('button', { name: new RegExp(`^${peer}`) }).click()
  await page.getByRole('textbox', { name: 'Message' }).waitFor()
}

interface StepContext {
  test: (name: string, fn: (st: { skip: (why: string) => void }) => Promise<void>) => Promise<unknown>
}

/**
 * `step(name, fn)` runs `fn` as a subtest while every earlier step passed; skips it, saying
 * which failed, after. A failed step leaves a screenshot of each of `pages` in
 * test/e2e/screenshots/failed-<page number>.png, to see what the user saw.
 */
export function storySteps (t: StepContext, pages: () => Page[] = () => []): (name: string, fn: () => Promise<void>) => Promise<void> {
  let broken: string | undefined
  return async (name, fn) => {
    await t.test(name, async st => {
      if (broken !== undefined) {
        st.skip(`an earlier step failed: ${broken}`)
        return
      }
      try {
        await fn()
      } catch (err) {
        broken = name
        await Promise.all(pages().map(async (page, i) => await page.screenshot({ path: join(SCREENSHOTS, `failed-${i + 1}.png`) }).catch(() => {})))
        throw err
      }
    })
  }
}
