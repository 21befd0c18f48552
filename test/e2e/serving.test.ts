/**
 * The switch in the settings' connectivity panel: a node started as reachable (`tim node --ui
 * --reachable`) shows that it serves the network; its user turns serving off in the browser,
 * the panel says so, and the choice holds after the node restarts. Skips, saying why, when
 * there is no Chromium or no renderer build.
 */

import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import type { Page } from 'playwright-core'
import { initAlice, launchChromium, root, startBrowserTest, startUiNode } from './ui-node.ts'

async function openSettings (page: Page, url: string): Promise<void> {
  await page.goto(url)
  await page.getByRole('button', { name: 'Settings', exact: true }).click()
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor()
}

test('the settings show what a reachable node serves, and its switch opts out for good', { timeout: 120_000 }, async t => {
  if (!existsSync(join(root, 'renderer', 'dist', 'index.html'))) {
    t.skip('no renderer build (npm run build:ui)')
    return
  }
  const scene = await startBrowserTest(t, 'serving')
  if (scene == null) return
  const dataDir = join(scene.base, 'alice')
  initAlice(dataDir)

  const node = scene.node = await startUiNode(dataDir, { args: ['--reachable'] })
  const browser = scene.browser = await launchChromium(scene.chromium)
  const page = await browser.newPage()
  page.setDefaultTimeout(15_000)
  await openSettings(page, node.loginUrl())

  const now = page.getByTestId('serving-now')
  await now.filter({ hasText: /^yes: this node was started as reachable/ }).waitFor()
  await page.getByTestId('serving').getByText('server (answers lookups)').waitFor()
  await page.getByTestId('serving-mail').filter({ hasText: '0 messages' }).waitFor()
  const toggle = page.getByRole('switch', { name: /Help carry the network/ })
  assert.equal(await toggle.isChecked(), true)

  await toggle.uncheck()
  await now.filter({ hasText: /^no: you turned serving off/ }).waitFor()
  assert.equal(await toggle.isChecked(), false)

  // still off after a restart with the same flags: the node kept the choice
  await node.restart()
  await openSettings(page, node.loginUrl())
  await now.filter({ hasText: /^no: you turned serving off/ }).waitFor()
  assert.equal(await page.getByRole('switch', { name: /Help carry the network/ }).isChecked(), false)
})
