/**
 * Temporary directories for tests: `const dir = await tempDir(t)` creates a fresh directory
 * under os.tmpdir() and removes it, with everything in it, when the test (or suite) `t`
 * finishes. Works with anything that has node:test's `after(fn)` (a TestContext, or a
 * SuiteContext-like object), so a suite can share one directory too.
 *
 * node:test runs `after` hooks in the order they were registered, so this removal runs before
 * any cleanup registered later (a node stopped with `t.after(() => node.stop())` may still write
 * to the directory). Whatever is left then is removed again when the test process exits.
 */

import { rmSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** What the helper needs from node:test's context: a way to run cleanup afterwards. */
export interface AfterHook {
  after: (fn: () => Promise<void>) => void
}

const leftovers = new Set<string>()
let sweepOnExit = false

function removeLeftovers (): void {
  for (const dir of leftovers) {
    try {
      rmSync(dir, { recursive: true, force: true })
    } catch {}
  }
}

/** Creates `<tmpdir>/<prefix>XXXXXX` and schedules its removal on `t.after` (and at process exit). */
export async function tempDir (t: AfterHook, prefix = 'tim-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  leftovers.add(dir)
  if (!sweepOnExit) {
    sweepOnExit = true
    process.once('exit', removeLeftovers)
  }
  t.after(async () => {
    await rm(dir, { recursive: true, force: true, maxRetries: 3 })
  })
  return dir
}
