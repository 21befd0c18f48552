/**
 * A user who chose a passphrase at onboarding comes back: `tim node --ui` starts locked, the
 * page asks for the passphrase, a wrong one is refused with an alert, the right one opens
 * the messenger on the same account.
 */

import assert from 'node:assert/strict'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import { initAlice, launchChromium, startBrowserTest, startUiNode } from './ui-node.ts'

async function waitUntilPrinted (output: () => string, text: string): Promise<void> {
  const deadline = Date.now() + 10_000
  while (!output().includes(text)) {
    assert.ok(Date.now() < deadline, `never printed ${text}:\n${output()}`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

test('an account with encrypted keys is unlocked in the browser', { timeout: 90_000 }, async t => {
  const scene = await startBrowserTest(t, 'unlock')
  if (scene == null) return
  const { base } = scene
  const dataDir = join(base, 'alice')
  const passphraseFile = join(base, 'passphrase')
  await writeFile(passphraseFile, 'tiger lily\n', { mode: 0o600 })
  const accountId = initAlice(dataDir, ['--passphrase-file', passphraseFile]).trim()

  const node = scene.node = await startUiNode(dataDir)
  assert.match(node.output(), /Tim node locked: unlock it in the UI/)
  const browser = scene.browser = await launchChromium(scene.chromium)
  const page = await browser.newPage()
  page.setDefaultTimeout(15_000)
  await page.goto(node.loginUrl())

  const passphrase = page.getByLabel('Passphrase', { exact: true })
  await passphrase.fill('wrong')
  await page.getByRole('button', { name: 'Unlock', exact: true }).click()
  const refused = page.locator('[role="alert"][data-error="WrongPassphraseError"]')
  await refused.waitFor()
  assert.match(await refused.innerText(), /passphrase is not the right one/)
  assert.doesNotMatch(await refused.innerText(), /WrongPassphraseError|\//, 'no class name or file path on screen')

  await passphrase.fill('tiger lily')
  await page.getByRole('button', { name: 'Unlock', exact: true }).click()
  await page.getByRole('button', { name: 'Invite', exact: true }).click()
  const invite = await page.getByRole('textbox', { name: 'Your invite link' }).inputValue()
  assert.match(invite, /^tim:\/\/invite\//)
  const running = node
  await waitUntilPrinted(() => running.output(), `account: ${accountId}`)
})
