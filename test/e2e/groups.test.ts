/**
 * A group in the browser UI, as its members use it: four real nodes (`tim node --ui` child
 * processes; Alice is a contact of Bob and of Carol, who do not know each other; Dave knows
 * nobody) and four Chromium pages. Alice creates the group with Bob in her UI and adds Carol
 * from its info panel; all three chat and each sees the others' messages under their names;
 * Alice sees who read hers; she mutes Bob for an hour, whose composer says so, and unmutes
 * him; Dave pastes the group's link and asks to join, and Alice lets him in from her chat's
 * request bar; Alice removes Carol, whose page says she was removed and stops her writing,
 * while Alice and Bob keep chatting and Carol gets nothing more. Each step builds on the
 * last; a failed step skips the rest, saying which failed.
 */

import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Page } from 'playwright-core'
import { message, openChat, send, startPerson, storySteps, waitUntil, type Person } from './chat-page.ts'
import { launchChromium, startBrowserTest, type BrowserTestScene } from './ui-node.ts'

const GROUP = 'Climbing club'

/** Makes two people contacts of each other (through the API the CLI uses). */
async function befriend (a: Person, b: Person): Promise<void> {
  await a.api.addContact({ invite: (await b.api.getIdentity()).invite })
  await b.api.addContact({ invite: (await a.api.getIdentity()).invite })
}

/** The incoming message `text` on `page`, under the sender's name `from`. */
async function seesFrom (page: Page, from: string, text: string): Promise<void> {
  await message(page, 'in', text).locator('.sender', { hasText: from }).waitFor()
}

/** Opens the group's info panel from the chat header. */
async function groupInfo (page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Group info', exact: true }).click()
  await page.getByRole('dialog', { name: GROUP }).waitFor()
}

test('a group in the browser UI: create, add, chat with names, read by, mute, a request to join approved, remove a member who then sees it', { timeout: 300_000 }, async t => {
  const scene: BrowserTestScene | null = await startBrowserTest(t, 'groups')
  if (scene === null) return
  const browser = scene.browser = await launchChromium(scene.chromium)
  const alice = await startPerson(scene, browser, 'Alice')
  const bob = await startPerson(scene, browser, 'Bob')
  const carol = await startPerson(scene, browser, 'Carol')
  const dave = await startPerson(scene, browser, 'Dave')
  await befriend(alice, bob)
  await befriend(alice, carol)

  const step = storySteps(t, () => [alice.page, bob.page, carol.page, dave.page])

  await step('Alice creates the group with Bob in her UI; its chat opens', async () => {
    await alice.page.getByRole('button', { name: 'New group', exact: true }).click()
    const dialog = alice.page.getByRole('dialog', { name: 'New group' })
    await dialog.getByRole('textbox', { name: 'Group name' }).fill(GROUP)
    await dialog.getByRole('textbox', { name: 'Topic' }).fill('Saturdays at the crag')
    await dialog.getByRole('checkbox', { name: 'Bob' }).check()
    await dialog.getByRole('button', { name: 'Create group' }).click()
    await dialog.waitFor({ state: 'hidden' })
    await alice.page.getByRole('heading', { name: GROUP, level: 2 }).waitFor()
    await alice.page.locator('[data-member-count="2"]').waitFor()
  })

  await step('Alice adds Carol from the group\'s info panel; the invite link is there with its QR code', async () => {
    await groupInfo(alice.page)
    const panel = alice.page.getByRole('dialog', { name: GROUP })
    await panel.getByRole('img', { name: `QR code of the invite link of ${GROUP}` }).waitFor()
    assert.match(await panel.getByRole('textbox', { name: 'Invite link' }).inputValue(), /^tim:\/\/group\//)
    await panel.getByRole('checkbox', { name: 'Carol' }).check()
    await panel.getByRole('button', { name: 'Add to group' }).click()
    const members = panel.getByRole('list', { name: 'Members' })
    await members.locator('[data-role="owner"]', { hasText: 'You' }).waitFor()
    for (const name of ['Bob', 'Carol']) await members.locator('[data-role="member"]', { hasText: name }).waitFor()
    await panel.getByRole('button', { name: 'Close', exact: true }).click()
    await alice.page.locator('[data-member-count="3"]').waitFor()
  })

  await step('Bob and Carol find the group in their conversations', async () => {
    await openChat(bob.page, GROUP)
    await openChat(carol.page, GROUP)
  })

  await step('all three chat, and each sees the others\' messages under their names', async () => {
    await send(alice.page, 'Who is in for Saturday?')
    await seesFrom(bob.page, 'Alice', 'Who is in for Saturday?')
    await seesFrom(carol.page, 'Alice', 'Who is in for Saturday?')
    await send(bob.page, 'Me, with ropes')
    await seesFrom(alice.page, 'Bob', 'Me, with ropes')
    await seesFrom(carol.page, 'Bob', 'Me, with ropes') // Bob is no contact of Carol's: the name is the group's
    await send(carol.page, 'Me too')
    await seesFrom(alice.page, 'Carol', 'Me too')
    await seesFrom(bob.page, 'Carol', 'Me too')
  })

  await step('Alice sees who read her message: both others, who have the chat open', async () => {
    const mine = message(alice.page, 'out', 'Who is in for Saturday?')
    const dialog = alice.page.getByRole('dialog', { name: 'Who has this message' })
    // the dialog asks once when opened: open it again until both receipts are in
    let shown: string | null = null
    await waitUntil(async () => {
      await mine.hover()
      await mine.getByRole('button', { name: 'Who read this' }).click()
      shown = await dialog.locator('[data-read-by]').getAttribute('data-read-by')
      if (shown === '2/2') return true
      await dialog.getByRole('button', { name: 'Close' }).click()
      return false
    }, async () => `"read by 2 of 2" (it says ${String(shown)})`)
    await dialog.getByText('Read by 2 of 2').waitFor()
    for (const name of ['Bob', 'Carol']) await dialog.getByRole('list', { name: 'Read' }).getByText(name).waitFor()
    await dialog.getByRole('button', { name: 'Close' }).click()
  })

  await step('Alice mutes Bob for an hour from his menu: his composer says until when; she unmutes him', async () => {
    const memberAction = async (action: string): Promise<void> => {
      await groupInfo(alice.page)
      const panel = alice.page.getByRole('dialog', { name: GROUP })
      await panel.getByRole('button', { name: 'Actions for Bob' }).click()
      await alice.page.getByRole('menuitem', { name: action }).click()
      await panel.getByRole('list', { name: 'Members' }).locator('[data-role="member"]', { hasText: 'Bob' })
        .getByText(/Muted until/).waitFor({ state: action === 'Unmute' ? 'detached' : 'visible' })
      await panel.getByRole('button', { name: 'Close', exact: true }).click()
    }
    const box = bob.page.getByRole('textbox', { name: 'Message' })
    await memberAction('Mute for 1 hour')
    await bob.page.getByPlaceholder(/^You are muted in this group until/).waitFor()
    assert.equal(await box.isDisabled(), true)
    await memberAction('Unmute')
    await bob.page.getByPlaceholder('Write a message').waitFor()
    assert.equal(await box.isDisabled(), false)
  })

  await step('Dave pastes the group\'s link and asks to join; Alice lets him in from her chat', async () => {
    await groupInfo(alice.page)
    const panel = alice.page.getByRole('dialog', { name: GROUP })
    const link = await panel.getByRole('textbox', { name: 'Invite link' }).inputValue()
    await panel.getByRole('button', { name: 'Close', exact: true }).click()

    await dave.page.getByRole('button', { name: 'Join group', exact: true }).click()
    const join = dave.page.getByRole('dialog', { name: 'Join a group' })
    await join.getByRole('textbox', { name: 'Group link' }).fill(link)
    await join.getByRole('textbox', { name: 'Note' }).fill('Carol told me about it')
    await join.getByRole('button', { name: 'Join' }).click()
    await join.getByText('Your request went to the group’s owner and managers').waitFor()
    await join.getByRole('button', { name: 'Done' }).click()

    await alice.page.getByText(`Dave asks to join ${GROUP}.`).waitFor()
    await alice.page.getByRole('button', { name: 'Answer', exact: true }).click()
    const requests = alice.page.getByRole('dialog', { name: GROUP }).getByRole('list', { name: 'Requests to join' })
    await requests.getByText('“Carol told me about it”').waitFor()
    await requests.getByRole('button', { name: 'Approve Dave' }).click()
    await requests.waitFor({ state: 'detached' })
    await alice.page.getByRole('dialog', { name: GROUP }).getByRole('button', { name: 'Close', exact: true }).click()
    await openChat(dave.page, GROUP)
  })

  await step('Alice removes Carol; Carol\'s page says she was removed and her composer is disabled', async () => {
    await groupInfo(alice.page)
    const panel = alice.page.getByRole('dialog', { name: GROUP })
    await panel.getByRole('button', { name: 'Actions for Carol' }).click()
    await alice.page.getByRole('menuitem', { name: 'Remove from group…' }).click()
    await alice.page.getByRole('dialog', { name: `Remove Carol from ${GROUP}?` }).getByRole('button', { name: 'Remove' }).click()
    await panel.getByRole('list', { name: 'Members' }).locator('[data-account]', { hasText: 'Carol' }).waitFor({ state: 'detached' })
    await panel.getByRole('button', { name: 'Close', exact: true }).click()

    await carol.page.locator('[data-ended="removed"]').getByText('You were removed from this group').waitFor()
    assert.equal(await carol.page.getByRole('textbox', { name: 'Message' }).isDisabled(), true)
    await message(carol.page, 'in', 'Me, with ropes').waitFor() // what was said until then stays
  })

  await step('Alice and Bob keep chatting; Carol gets none of it', async () => {
    await send(alice.page, 'Carol moved to the other club')
    await seesFrom(bob.page, 'Alice', 'Carol moved to the other club')
    await send(bob.page, 'See you Saturday then')
    await seesFrom(alice.page, 'Bob', 'See you Saturday then')
    assert.equal(await carol.page.getByText('Carol moved to the other club').count(), 0)
    assert.equal(await carol.page.getByText('See you Saturday then').count(), 0)
  })
})
