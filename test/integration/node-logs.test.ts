/**
 * Several nodes in one process (the tests, a bench, a gateway later) can be told apart in the
 * log: every line a node's rooms write names the node (`<name>-<end of device id>:tim:…`).
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { disable, enable } from '@libp2p/logger'
import { startPeer } from '../helpers/peers.ts'
import type { AfterHook } from '../helpers/temp-dir.ts'

/** Turns on `namespaces` and keeps every line written to stderr until the test ends. */
function captureLog (t: AfterHook, namespaces: string): string[] {
  const lines: string[] = []
  const write = process.stderr.write.bind(process.stderr)
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    lines.push(String(chunk))
    return (write as (chunk: string | Uint8Array, ...rest: unknown[]) => boolean)(chunk, ...rest)
  }) as typeof process.stderr.write
  enable(namespaces)
  t.after(async () => {
    process.stderr.write = write
    disable()
    if (process.env.DEBUG != null) enable(process.env.DEBUG)
  })
  return lines
}

test('two nodes in one process each name themselves in their log lines', async (t) => {
  const lines = captureLog(t, 'tim:net:serving,*:tim:net:serving')
  // a node its user says is reachable serves at once, and its serving switch says so in the log
  const alice = await startPeer(t, 'Alice', { reachable: true })
  const bob = await startPeer(t, 'Bob Smith', { reachable: true })

  const switchedOn = lines.filter(line => line.includes('tim:net:serving serving (forced)'))
  const aliceName = `Alice-${alice.node.identity.deviceId.slice(-6)}:tim:net:serving`
  const bobName = `Bob-Smith-${bob.node.identity.deviceId.slice(-6)}:tim:net:serving`
  assert.equal(switchedOn.filter(line => line.includes(aliceName)).length, 1, `Alice's line names her: ${switchedOn.join('')}`)
  assert.equal(switchedOn.filter(line => line.includes(bobName)).length, 1, `Bob's line names him: ${switchedOn.join('')}`)
  assert.equal(switchedOn.length, 2, 'no line without a node\'s name')
})
