/**
 * A conversation between two friends in the browser UI, as they use it: two real nodes
 * (`tim node --ui` child processes; accounts made with `tim init`, made friends through the
 * API the CLI uses) and two Chromium pages. The page follows changes made elsewhere without
 * a reload; they see each other's typing and status; they reply, react, edit, recall and
 * send a message that burns after reading; receipts go out only for what is on screen while
 * the window has the focus; Alice blocks and unblocks Bob from the chat's menu. Each step
 * builds on the last; a failed step skips the rest, saying which failed.
 */

import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Locator, Page } from 'playwright-core'
import { dmConversation } from '../../core/api/index.ts'
import {
  STEP_TIMEOUT_MS, message, messages, nav, openChat, send, startPerson, storySteps, waitForState, waitForTitle, waitUntil, type Person
} from './chat-page.ts'
import { launchChromium, startBrowserTest, type BrowserTestScene } from './ui-node.ts'

/** A burn message's shortest timer in the composer, and the time it may take beyond it. */
const BURN_TIMEOUT_MS = 30_000 + STEP_TIMEOUT_MS

/** Picks `action` from the "More actions" menu of `item`. */
async function moreAction (item: Locator, action: string): Promise<void> {
  await item.hover()
  await item.getByRole('button', { name: 'More actions' }).click()
  await item.page().getByRole('menuitem', { name: action }).click()
}

/** Makes the page believe its window lost (or got back) the focus. */
async function setFocused (page: Page, focused: boolean): Promise<void> {
  await page.evaluate(focused
    ? "delete document.hasFocus; window.dispatchEvent(new Event('focus'))"
    : "Object.defineProperty(document, 'hasFocus', { value: () => false, configurable: true }); window.dispatchEvent(new Event('blur'))")
}

test('two friends use every part of a conversation in the browser UI', { timeout: 300_000 }, async t => {
  const scene: BrowserTestScene | null = await startBrowserTest(t, 'conversation')
  if (scene === null) return
  const browser = scene.browser = await launchChromium(scene.chromium)

  const alice = await startPerson(scene, browser, 'Alice')
  const bob = await startPerson(scene, browser, 'Bob')
  await bob.api.addContact({ invite: (await alice.api.getIdentity()).invite })
  await alice.api.addContact({ invite: (await bob.api.getIdentity()).invite })

  const step = storySteps(t, () => [alice.page, bob.page])

  await step('each opens the chat with the other', async () => {
    await openChat(alice.page, 'Bob')
    await openChat(bob.page, 'Alice')
  })

  await step('an open page follows what the API changes, without a reload', async () => {
    await alice.api.send({ conversation: dmConversation(bob.account), text: 'sent through the API' })
    await message(alice.page, 'out', 'sent through the API').waitFor()
    await message(bob.page, 'in', 'sent through the API').waitFor()

    await alice.api.renameContact({ peer: bob.account, name: 'Bobby' })
    await alice.page.getByRole('heading', { name: 'Bobby', level: 2 }).waitFor()
    await alice.api.renameContact({ peer: bob.account, name: 'Bob' })
    await alice.page.getByRole('heading', { name: 'Bob', level: 2 }).waitFor()

    await alice.api.blockContact(bob.account)
    await alice.page.getByText('You blocked').waitFor()
    await alice.api.unblockContact(bob.account)
    await alice.page.getByText('You blocked').waitFor({ state: 'detached' })
  })

  await step('Alice sees Bob typing, and the indicator goes when he stops', async () => {
    const box = bob.page.getByRole('textbox', { name: 'Message' })
    // typing is said again every 3 s while it goes on: type for a little longer than that
    await box.pressSequentially('I am writing a long', { delay: 250 })
    await alice.page.getByText('Bob is typing…').waitFor()
    await box.fill('')
    await alice.page.getByText('Bob is typing…').waitFor({ state: 'detached' })
  })

  await step('Bob sets his status to busy with a text; Alice sees it in the chat header', async () => {
    await nav(bob.page, 'Status').click()
    await bob.page.getByRole('radio', { name: /^Busy/ }).check()
    await bob.page.getByRole('textbox', { name: 'Status text' }).fill('in a meeting')
    await bob.page.getByRole('button', { name: 'Save', exact: true }).click()
    await bob.page.locator('[data-my-presence="busy"]').waitFor()
    const header = alice.page.locator('.chat-header')
    await header.locator('[data-presence="busy"]').waitFor()
    await header.getByText('Busy · in a meeting').waitFor()
  })

  await step('links open safely, a little markdown is shown, raw HTML is text, and Send stops at the size limit', async () => {
    const bobBox = bob.page.getByRole('textbox', { name: 'Message' })
    await bobBox.fill('see https://example.org/plan for **the plan**, *soon*, `v2` <b>not bold</b>')
    await bobBox.press('Enter')
    const shown = message(alice.page, 'in', 'the plan')
    const link = shown.getByRole('link', { name: 'https://example.org/plan' })
    assert.equal(await link.getAttribute('target'), '_blank')
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer')
    assert.equal(await shown.locator('strong').innerText(), 'the plan')
    assert.equal(await shown.locator('em').innerText(), 'soon')
    assert.equal(await shown.locator('code').innerText(), 'v2')
    assert.equal(await shown.locator('b').count(), 0, 'raw HTML is not rendered')
    await shown.getByText('<b>not bold</b>').waitFor()

    const box = alice.page.getByRole('textbox', { name: 'Message' })
    await box.fill('x'.repeat(16 * 1024 + 1))
    await alice.page.getByText(/Too long: 16,385 \/ 16,384 bytes/).waitFor()
    assert.equal(await alice.page.getByRole('button', { name: 'Send', exact: true }).isDisabled(), true)
    await box.fill('')
  })

  await step('messages that came while the chat was closed open under an "N unread" divider', async () => {
    await nav(alice.page, 'Contacts').click()
    for (const text of ['first of three', 'second of three', 'third of three']) await bob.api.send({ conversation: dmConversation(alice.account), text })
    await waitForTitle(alice.page, '(3)')
    await openChat(alice.page, 'Bob')
    const divider = message(alice.page, 'in', 'first of three').locator('[data-unread-divider="3"]')
    await divider.getByText('3 unread messages').waitFor()
    await waitForState(message(bob.page, 'out', 'third of three'), 'read')
  })

  await step('a chat with more unread than one page opens at the first unread; the newest are read only once scrolled to', async () => {
    await nav(alice.page, 'Contacts').click()
    const count = 60
    const ids: string[] = []
    for (let i = 1; i <= count; i++) ids.push((await bob.api.send({ conversation: dmConversation(alice.account), text: `backlog ${i} of ${count}` })).id)
    await waitForTitle(alice.page, `(${count})`)
    await openChat(alice.page, 'Bob')
    await message(alice.page, 'in', `backlog 1 of ${count}`).locator(`[data-unread-divider="${count}"]`).waitFor()
    // Bob's list shows only what is near his screen: his node says what state each is in
    const stateOf = async (id: string | undefined): Promise<string> => (await bob.api.getMessage(id ?? '')).state
    await waitUntil(async () => await stateOf(ids[0]) === 'read', 'the first unread, on screen, to be read')
    assert.equal(await stateOf(ids.at(-1)), 'delivered', 'the newest is not read: it is not on screen')
    await alice.page.getByRole('button', { name: /Scroll to the newest message|new message/ }).click()
    await waitUntil(async () => await stateOf(ids.at(-1)) === 'read', 'the newest to be read once scrolled to')
  })

  await step('Alice replies to Bob\'s message: Bob sees the quote', async () => {
    await send(bob.page, 'Lunch at noon?')
    const question = message(alice.page, 'in', 'Lunch at noon?')
    await question.hover()
    await question.getByRole('button', { name: 'Reply' }).click()
    await alice.page.getByText('Replying to Bob').waitFor()
    await send(alice.page, 'Yes, see you there')
    const reply = message(bob.page, 'in', 'Yes, see you there')
    await reply.locator('[data-reply-to]', { hasText: 'Lunch at noon?' }).waitFor()
  })

  await step('reactions: Bob reacts, Alice adds hers (2), then takes it back (1)', async () => {
    const onBob = message(bob.page, 'in', 'Yes, see you there')
    await onBob.hover()
    await onBob.getByRole('button', { name: 'React' }).click()
    await bob.page.getByRole('menuitem', { name: '👍' }).click()
    const onAlice = message(alice.page, 'out', 'Yes, see you there')
    const thumbs = onAlice.locator('[data-emoji="👍"]')
    await thumbs.filter({ hasText: '1' }).waitFor()
    await thumbs.click()
    await thumbs.filter({ hasText: '2' }).waitFor()
    await onBob.locator('[data-emoji="👍"]', { hasText: '2' }).waitFor()
    await thumbs.click()
    await thumbs.filter({ hasText: '1' }).waitFor()
    assert.equal(await thumbs.getAttribute('aria-pressed'), 'false')
  })

  await step('Alice edits her message: Bob sees the new text, marked edited', async () => {
    const mine = await send(alice.page, 'See you at 12:30')
    await message(bob.page, 'in', 'See you at 12:30').waitFor()
    await moreAction(mine, 'Edit')
    const box = alice.page.getByRole('textbox', { name: 'Message' })
    assert.equal(await box.inputValue(), 'See you at 12:30', 'editing starts from the message')
    await box.fill('See you at 12:45')
    await box.press('Enter')
    const edited = message(bob.page, 'in', 'See you at 12:45')
    await edited.locator('[data-edited="true"]').waitFor()
    assert.equal(await message(bob.page, 'in', 'See you at 12:30').count(), 0)
  })

  await step('Alice recalls a message: it is a tombstone on both sides', async () => {
    const mine = await send(alice.page, 'oops, wrong chat')
    await message(bob.page, 'in', 'oops, wrong chat').waitFor()
    await moreAction(mine, 'Recall for everyone…')
    await alice.page.getByRole('dialog').getByRole('button', { name: 'Recall', exact: true }).click()
    await messages(bob.page).locator('[data-direction="in"] [data-erased="recalled"]').waitFor()
    await messages(alice.page).locator('[data-direction="out"] [data-erased="recalled"]').waitFor()
    assert.equal(await message(bob.page, 'in', 'oops, wrong chat').count(), 0, 'the text is gone')
  })

  await step('a message that burns after reading disappears on both sides once its timer ran out', async () => {
    await alice.page.getByRole('combobox', { name: 'Disappear after reading' }).selectOption('30')
    const mine = await send(alice.page, 'this burns')
    await mine.locator('[data-burn]').waitFor()
    const theirs = message(bob.page, 'in', 'this burns')
    await theirs.locator('[data-burn="running"]').waitFor()
    await messages(bob.page).locator('[data-erased="burnt"]').waitFor({ timeout: BURN_TIMEOUT_MS })
    await messages(alice.page).locator('[data-erased="burnt"]').waitFor({ timeout: BURN_TIMEOUT_MS })
    assert.equal(await message(bob.page, 'in', 'this burns').count(), 0)
  })

  await step('while Alice\'s window has no focus: a notification and no read receipt; one once it has the focus', async () => {
    // the browser's notifications, recorded (headless Chromium shows none), permission granted
    await alice.page.evaluate(`window.shownNotifications = []; window.Notification = class {
      static permission = 'granted'
      constructor (title, options) { window.shownNotifications.push({ title, body: options.body }) }
      close () {}
    }`)
    await setFocused(alice.page, false)
    const sent = await send(bob.page, 'while you were away')
    await message(alice.page, 'in', 'while you were away').waitFor()
    await waitForState(sent, 'delivered')
    await waitForTitle(alice.page, '(1)')
    assert.equal(await sent.locator('[data-state]').getAttribute('data-state'), 'delivered', 'not read while unfocused')
    assert.deepEqual(await alice.page.evaluate('window.shownNotifications'), [{ title: 'Bob', body: 'while you were away' }])
    await alice.page.getByRole('log').filter({ hasText: 'New message from Bob: while you were away' }).waitFor({ state: 'attached' })
    await setFocused(alice.page, true)
    await waitForState(sent, 'read')
  })

  await step('read receipts: none for a message below what Alice is looking at; one once she scrolls to it', async () => {
    await alice.page.setViewportSize({ width: 1100, height: 420 })
    for (let i = 1; i <= 8; i++) await bob.api.send({ conversation: dmConversation(alice.account), text: `filler ${i}` })
    await waitForState(message(bob.page, 'out', 'filler 8'), 'read')
    await message(alice.page, 'in', 'filler 8').hover()
    await alice.page.mouse.wheel(0, -3000)
    await alice.page.getByRole('button', { name: 'Scroll to the newest message' }).waitFor()
    const below = await send(bob.page, 'below the fold')
    await alice.page.getByRole('button', { name: /1 new message/ }).waitFor()
    await waitForState(below, 'delivered')
    assert.equal(await below.locator('[data-state]').getAttribute('data-state'), 'delivered', 'not read while scrolled away')
    await alice.page.getByRole('button', { name: /1 new message/ }).click()
    await waitForState(below, 'read')
    await alice.page.setViewportSize({ width: 1100, height: 700 })
  })

  await step('delete for me leaves Bob\'s copy; a custom kind shows as a message this UI cannot show', async () => {
    const mine = await send(alice.page, 'only mine to delete')
    await message(bob.page, 'in', 'only mine to delete').waitFor()
    await moreAction(mine, 'Delete for me…')
    await alice.page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click()
    await mine.waitFor({ state: 'detached' })
    assert.equal(await message(bob.page, 'in', 'only mine to delete').count(), 1, 'Bob keeps his copy')

    await bob.api.send({ conversation: dmConversation(alice.account), custom: { type: 'example.poll', data: Buffer.from('{"q":"?"}').toString('base64') } })
    await messages(alice.page).locator('[data-direction="in"] [data-kind="custom"]', { hasText: 'example.poll' }).waitFor()
  })

  await step('verify: both see the same safety number; Alice marks Bob verified and renames him from the menu', async () => {
    const numberOn = async (person: Person, peer: string): Promise<string> => {
      await person.page.getByRole('button', { name: `Actions for ${peer}` }).click()
      await person.page.getByRole('menuitem', { name: 'Verify safety number…' }).click()
      const shown = person.page.getByTestId('safety-number')
      await shown.waitFor()
      return (await shown.innerText()).replace(/\s+/g, ' ').trim()
    }
    const onBob = await numberOn(bob, 'Alice')
    await bob.page.getByRole('dialog').getByRole('button', { name: 'Close', exact: true }).click()
    const onAlice = await numberOn(alice, 'Bob')
    assert.match(onAlice, /^(\d{5} ){11}\d{5}$/, '60 digits in 12 groups of 5')
    assert.equal(onAlice, onBob)
    await alice.page.getByRole('button', { name: 'Mark as verified' }).click()
    await alice.page.locator('.chat-header .verified').waitFor()

    await alice.page.getByRole('button', { name: 'Actions for Bob' }).click()
    await alice.page.getByRole('menuitem', { name: 'Rename…' }).click()
    await alice.page.getByRole('textbox', { name: 'Name' }).fill('Bob from work')
    await alice.page.getByRole('button', { name: 'Save', exact: true }).click()
    await alice.page.getByRole('heading', { name: /^Bob from work/, level: 2 }).waitFor()
    await alice.api.renameContact({ peer: bob.account, name: 'Bob' })
    await alice.page.getByRole('heading', { name: /^Bob/, level: 2 }).filter({ hasNotText: 'from work' }).waitFor()
  })

  await step('Alice blocks Bob from the chat menu after confirming, then unblocks him', async () => {
    const page = alice.page
    await page.getByRole('button', { name: 'Actions for Bob' }).click()
    await page.getByRole('menuitem', { name: 'Block…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Block Bob?' })
    await dialog.getByRole('button', { name: 'Block', exact: true }).click()
    await page.getByText('You blocked').waitFor()
    assert.equal(await page.getByRole('textbox', { name: 'Message' }).isDisabled(), true)
    assert.equal((await alice.api.listContacts()).find(contact => contact.accountId === bob.account)?.status, 'blocked')

    await page.getByRole('button', { name: 'Actions for Bob' }).click()
    await page.getByRole('menuitem', { name: 'Unblock' }).click()
    await page.getByText('You blocked').waitFor({ state: 'detached' })
    assert.equal(await page.getByRole('textbox', { name: 'Message' }).isDisabled(), false)
    await send(page, 'sorry, misclick')
    await message(bob.page, 'in', 'sorry, misclick').waitFor()
  })

  await step('pasting the invite of a blocked account asks to unblock it first, and never unblocks it silently', async () => {
    const page = alice.page
    await alice.api.blockContact(bob.account)
    // the page has heard of the block (from another client) before Alice pastes the invite
    await page.getByText('You blocked').waitFor()
    await nav(page, 'Add contact').click()
    await page.getByRole('textbox', { name: 'Invite' }).fill((await bob.api.getIdentity()).invite)
    await page.getByRole('button', { name: 'Add', exact: true }).click()
    await page.locator(`[data-blocked-invite="${bob.account}"]`).waitFor()
    assert.equal((await alice.api.listContacts()).find(contact => contact.accountId === bob.account)?.status, 'blocked', 'still blocked until confirmed')
    await page.getByRole('button', { name: 'Unblock and add' }).click()
    await page.getByRole('dialog').waitFor({ state: 'hidden' })
    assert.equal((await alice.api.listContacts()).find(contact => contact.accountId === bob.account)?.status, 'accepted')
  })

  await step('Alice removes Bob from the menu: the chat stays; then she deletes the chat', async () => {
    const page = alice.page
    await openChat(page, 'Bob')
    await page.getByRole('button', { name: 'Actions for Bob' }).click()
    await page.getByRole('menuitem', { name: 'Remove contact…' }).click()
    await page.getByRole('dialog', { name: 'Remove Bob?' }).getByRole('button', { name: 'Remove', exact: true }).click()
    await page.getByRole('dialog').waitFor({ state: 'hidden' })
    assert.equal((await alice.api.listContacts()).some(contact => contact.accountId === bob.account), false)
    await message(page, 'out', 'sorry, misclick').waitFor()

    await page.getByRole('button', { name: /^Actions for / }).click()
    await page.getByRole('menuitem', { name: 'Delete chat…' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click()
    await message(page, 'out', 'sorry, misclick').waitFor({ state: 'detached' })
    assert.deepEqual(await alice.api.history({ conversation: dmConversation(bob.account) }), [])
  })
})
