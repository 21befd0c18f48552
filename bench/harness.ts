/**
 * The benchmark contract: a benchmark module default-exports a `Benchmark`; its `run` gets a
 * `BenchContext` (a deadline signal, temp directories and cleanups that the harness runs
 * when the benchmark ends, however it ends) and returns rows plus notes on how it measured.
 * Every row names its baseline, measured in the same run, in the same unit.
 */

import { mkdtemp, rm } from 'node:fs/promises'
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A goal a row must meet: on its value, or on its ratio to the baseline. */
export interface Target {
  on: 'value' | 'ratio'
  op: '<=' | '>='
  limit: number
}

export interface BenchRow {
  name: string
  value: number
  unit: string
  /** what the figure is compared with, measured in the same run, same unit */
  baseline?: { name: string, value: number }
  target?: Target
}

export interface BenchResult {
  rows: BenchRow[]
  /** how it was measured: one line each, printed under the table */
  notes: string[]
}

export interface BenchContext {
  /** aborts when the benchmark's time is up */
  signal: AbortSignal
  /** flags given after `--` that the harness does not use itself, e.g. `--in-process` */
  flags: ReadonlySet<string>
  /** a fresh directory, removed when the benchmark ends */
  tempDir: (prefix?: string) => Promise<string>
  /** runs `fn` when the benchmark ends; cleanups run last-registered first */
  defer: (fn: () => Promise<void> | void) => void
}

export interface Benchmark {
  /** short key for filtering: `npm run bench -- <id>` */
  id: string
  title: string
  /** the most this benchmark may take, cleanup excluded (default 60 s) */
  timeoutMs?: number
  run: (ctx: BenchContext) => Promise<BenchResult>
}

/** value/baseline, or null when there is no baseline to divide by. */
export function ratioOf (row: BenchRow): number | null {
  if (row.baseline == null || row.baseline.value === 0 || !Number.isFinite(row.baseline.value)) {
    return null
  }
  return row.value / row.baseline.value
}

/** true/false against the target; null when the row has none (or nothing to compare). */
export function meetsTarget (row: BenchRow): boolean | null {
  if (row.target == null) {
    return null
  }
  const subject = row.target.on === 'value' ? row.value : ratioOf(row)
  if (subject == null || !Number.isFinite(subject)) {
    return false
  }
  return row.target.op === '<=' ? subject <= row.target.limit : subject >= row.target.limit
}

export function describeTarget (target: Target): string {
  return `${target.on === 'ratio' ? 'ratio' : 'value'} ${target.op} ${target.limit}`
}

const leftovers = new Set<string>()
process.once('exit', () => {
  for (const dir of leftovers) {
    try { rmSync(dir, { recursive: true, force: true }) } catch {}
  }
})

/** A context for one benchmark run, and the function that ends it (runs every cleanup). */
export function createContext (signal: AbortSignal, flags: ReadonlySet<string>): { ctx: BenchContext, cleanup: () => Promise<string[]> } {
  const cleanups: Array<() => Promise<void> | void> = []
  const ctx: BenchContext = {
    signal,
    flags,
    tempDir: async (prefix = 'tim-bench-') => {
      const dir = await mkdtemp(join(tmpdir(), prefix))
      leftovers.add(dir)
      cleanups.push(async () => {
        await rm(dir, { recursive: true, force: true, maxRetries: 3 })
        leftovers.delete(dir)
      })
      return dir
    },
    defer: (fn) => { cleanups.push(fn) }
  }
  const cleanup = async (): Promise<string[]> => {
    const errors: string[] = []
    while (cleanups.length > 0) {
      const fn = cleanups.pop() as () => Promise<void> | void
      try {
        await fn()
      } catch (err) {
        errors.push((err as Error).message)
      }
    }
    return errors
  }
  return { ctx, cleanup }
}
