/**
 * `tim desktop`'s sandbox decision (app/cli/commands/desktop.ts): Chromium's sandbox is never
 * turned off unasked. As root without --no-sandbox the Electron app is refused, with why and
 * what to do instead; --no-sandbox turns it off with a warning that says what that costs.
 */

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { electronSandbox } from '../../../app/cli/commands/desktop.ts'

test('as your own user the sandbox stays on and nothing is said', () => {
  assert.deepEqual(electronSandbox({ root: false, noSandbox: false }), { args: [] })
})

test('as root without --no-sandbox the desktop app is refused, with the ways out', () => {
  const decision = electronSandbox({ root: true, noSandbox: false })
  assert.ok('refused' in decision)
  const text = decision.refused.join('\n')
  assert.match(decision.refused[0] ?? '', /^error: .*as root.*sandbox/)
  assert.match(text, /rights of the user running it/, 'says what running without the sandbox costs')
  assert.match(text, /your own user/)
  assert.match(text, /tim desktop --web/)
  assert.match(text, /tim desktop --no-sandbox/)
})

test('--no-sandbox turns the sandbox off, as root or not, and warns what it costs', () => {
  for (const root of [true, false]) {
    const decision = electronSandbox({ root, noSandbox: true })
    assert.ok(!('refused' in decision))
    assert.deepEqual(decision.args, ['--no-sandbox'])
    assert.match(decision.warning ?? '', /^warning: .*without Chromium's sandbox.*rights of the user running it/)
  }
})
