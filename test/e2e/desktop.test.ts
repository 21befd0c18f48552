/**
 * `npm start` (`tim desktop`) where Electron cannot run — here its binary is not downloaded,
 * or `--web` is given where it is: web mode starts, says why Electron was not used, prints a
 * one-time login link that logs a page in, and stops cleanly. No browser needed.
 */

import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { findElectron, rendererEntry } from '../../app/cli/commands/desktop.ts'
import { startUiNode, type UiNode } from './ui-node.ts'

test('npm start falls back to web mode, says why, and prints a working login link', { timeout: 60_000 }, async t => {
  if (!existsSync(rendererEntry)) {
    // npm test builds it before this suite; run alone, `tim desktop` would build it itself
    t.skip(`the UI is not built (${rendererEntry} is missing): run npm run build:ui`)
    return
  }
  const electron = findElectron()
  const expected = 'missing' in electron ? electron.missing : '--web given'
  const base = await mkdtemp(join(tmpdir(), 'tim-desktop-'))
  let node: UiNode | undefined
  t.after(async () => {
    const exit = await node?.stop()
    await rm(base, { recursive: true, force: true, maxRetries: 3 })
    assert.equal(exit, 0, 'web mode exits 0 on SIGTERM')
  })
  node = await startUiNode(join(base, 'data'), { command: 'desktop', args: 'missing' in electron ? [] : ['--web'] })
  const started = node
  const deadline = Date.now() + 5_000
  while (!started.output().includes('started web mode instead') && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  assert.ok(started.output().includes(`${expected}: started web mode instead`), `says why:\n${started.output()}`)
  assert.match(started.output(), /Tim node waiting for an account: create it in the UI/, 'a fresh data directory starts in onboarding')

  const link = new URL(started.loginUrl())
  const page = await fetch(link.origin + '/', { signal: AbortSignal.timeout(5_000) })
  assert.equal(page.status, 200)
  assert.match(await page.text(), /^<!doctype html>/i)
  const session = await fetch(link.origin + '/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: link.hash.replace(/^#login=/, '') }),
    signal: AbortSignal.timeout(5_000)
  })
  assert.equal(session.status, 200)
  const body = await session.json() as { rpcUrl: string, token: string }
  assert.match(body.rpcUrl, /^ws:\/\/127\.0\.0\.1:\d+\/rpc$/)
  assert.ok(body.token.length > 20)
})
