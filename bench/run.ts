/**
 * `npm run bench [-- [--json] [--list] [--in-process] [filter …]]` — runs the benchmark
 * modules below (each default-exports a Benchmark, see harness.ts) and prints one table: each
 * figure beside its baseline measured in the same run, the ratio, and pass/fail where there is
 * a target; then how each was measured. `--json` prints only a JSON array of
 * `{ name, value, unit, baseline, ratio }`. A filter runs the benchmarks whose id or title
 * contains it. Progress and errors go to stderr. Exits 1 when a benchmark failed to run.
 */

import { availableParallelism, cpus, totalmem } from 'node:os'
import { createContext, describeTarget, meetsTarget, ratioOf, type Benchmark, type BenchResult, type BenchRow } from './harness.ts'

/** Every benchmark, in the order they run. Adding one is one line here. */
const modules: Array<() => Promise<{ default: Benchmark }>> = [
  async () => import('./latency.ts'),
  async () => import('./throughput.ts'),
  async () => import('./envelope-bytes.ts'),
  async () => import('./relay.ts'),
  async () => import('./mailbox.ts'),
  async () => import('./serving.ts'),
  async () => import('./groups.ts')
]

const DEFAULT_TIMEOUT_MS = 60_000
const CLEANUP_TIMEOUT_MS = 15_000

interface Outcome {
  benchmark: Benchmark
  result?: BenchResult
  error?: string
  seconds: number
}

function parseArgs (argv: string[]): { json: boolean, list: boolean, filters: string[], flags: Set<string> } {
  const flags = new Set(argv.filter(arg => arg.startsWith('--')))
  const json = flags.delete('--json')
  const list = flags.delete('--list')
  return { json, list, filters: argv.filter(arg => !arg.startsWith('--')).map(f => f.toLowerCase()), flags }
}

function selected (benchmark: Benchmark, filters: string[]): boolean {
  return filters.length === 0 || filters.some(f => benchmark.id.toLowerCase().includes(f) || benchmark.title.toLowerCase().includes(f))
}

async function runOne (benchmark: Benchmark, flags: ReadonlySet<string>): Promise<Outcome> {
  const controller = new AbortController()
  const { ctx, cleanup } = createContext(controller.signal, flags)
  const timeoutMs = benchmark.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const started = performance.now()
  let timer: NodeJS.Timeout | undefined
  const outcome: Outcome = { benchmark, seconds: 0 }
  try {
    outcome.result = await Promise.race([
      benchmark.run(ctx),
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => {
          controller.abort()
          reject(new Error(`did not finish within ${timeoutMs / 1000} s`))
        }, timeoutMs)
      })
    ])
  } catch (err) {
    outcome.error = (err as Error).stack ?? String(err)
  } finally {
    clearTimeout(timer)
  }
  let cleanupTimer: NodeJS.Timeout | undefined
  const cleanupErrors = await Promise.race([
    cleanup(),
    new Promise<string[]>(resolve => { cleanupTimer = setTimeout(() => { resolve([`cleanup took over ${CLEANUP_TIMEOUT_MS / 1000} s`]) }, CLEANUP_TIMEOUT_MS) })
  ])
  clearTimeout(cleanupTimer)
  if (cleanupErrors.length > 0) {
    process.stderr.write(`bench ${benchmark.id}: cleanup: ${cleanupErrors.join('; ')}\n`)
  }
  outcome.seconds = (performance.now() - started) / 1000
  return outcome
}

/** A readable number: about four significant digits, no exponent. */
function formatNumber (value: number): string {
  if (!Number.isFinite(value)) {
    return String(value)
  }
  const abs = Math.abs(value)
  const digits = Number.isInteger(value) || abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 10 ? 2 : 3
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
}

function table (header: string[], body: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map(row => row[i].length)))
  const numeric = new Set([1, 4, 5])
  const line = (cells: string[]): string => cells.map((cell, i) => numeric.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])).join(' | ').trimEnd()
  return [line(header), widths.map(w => '-'.repeat(w)).join('-|-'), ...body.map(line)].join('\n')
}

function rowCells (row: BenchRow): string[] {
  const ratio = ratioOf(row)
  const pass = meetsTarget(row)
  return [
    row.name,
    formatNumber(row.value),
    row.unit,
    row.baseline?.name ?? '—',
    row.baseline == null ? '—' : formatNumber(row.baseline.value),
    ratio == null ? '—' : `${ratio.toFixed(2)}×`,
    row.target == null ? '' : `${describeTarget(row.target)}: ${pass === true ? 'PASS' : 'FAIL'}`
  ]
}

function hostLine (): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown cpu'
  return `host: ${availableParallelism()} cpus (${cpu}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ${process.platform}/${process.arch}`
}

async function main (): Promise<void> {
  const { json, list, filters, flags } = parseArgs(process.argv.slice(2))
  const benchmarks = (await Promise.all(modules.map(async load => (await load()).default)))
  if (list) {
    for (const b of benchmarks) {
      process.stdout.write(`${b.id}\t${b.title}\n`)
    }
    return
  }
  const chosen = benchmarks.filter(b => selected(b, filters))
  if (chosen.length === 0) {
    process.stderr.write(`no benchmark matches ${filters.join(' ')}; there are: ${benchmarks.map(b => b.id).join(', ')}\n`)
    process.exitCode = 1
    return
  }

  const outcomes: Outcome[] = []
  for (const benchmark of chosen) {
    process.stderr.write(`bench ${benchmark.id}: running…\n`)
    const outcome = await runOne(benchmark, flags)
    process.stderr.write(`bench ${benchmark.id}: ${outcome.error == null ? 'done' : 'FAILED'} in ${outcome.seconds.toFixed(1)} s\n`)
    if (outcome.error != null) {
      process.stderr.write(`${outcome.error}\n`)
      process.exitCode = 1
    }
    outcomes.push(outcome)
  }

  const rows = outcomes.flatMap(o => o.result?.rows ?? [])
  if (json) {
    process.stdout.write(JSON.stringify(rows.map(row => ({
      name: row.name,
      value: row.value,
      unit: row.unit,
      baseline: row.baseline?.value ?? null,
      ratio: ratioOf(row)
    })), null, 2) + '\n')
    return
  }

  const out: string[] = [hostLine(), '']
  out.push(table(['benchmark', 'value', 'unit', 'baseline', 'baseline value', 'ratio', 'target'], rows.map(rowCells)))
  out.push('')
  for (const outcome of outcomes) {
    const head = `${outcome.benchmark.title} (${outcome.seconds.toFixed(1)} s)`
    if (outcome.error != null) {
      out.push(`* ${head}: FAILED: ${outcome.error.split('\n')[0]}`)
    }
    for (const note of outcome.result?.notes ?? []) {
      out.push(`* ${head}: ${note}`)
    }
  }
  process.stdout.write(out.join('\n') + '\n')
}

// Ctrl-C: exit normally, so that temp dirs are swept and the child peers see their parent go
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => { process.exit(130) })
}

main().then(
  // libp2p and level may leave handles behind; the run is over once the report is out
  () => { setTimeout(() => process.exit(), 100).unref() },
  (err: Error) => {
    process.stderr.write(`${err.stack ?? String(err)}\n`)
    process.exit(1)
  }
)
