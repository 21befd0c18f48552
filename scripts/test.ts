/**
 * test — what `npm test` runs, in order, stopping at the first failure:
 *   1. type-check: tsc -p core, app, test (and main, renderer when they have a tsconfig.json)
 *   2. the import lint (scripts/check-imports.ts)
 *   3. node's test runner over test/unit, test/integration, test/netns, test/e2e (*.test.ts);
 *      before test/e2e, the renderer is built (`npm run build:ui`, else vite's own entry)
 *      when renderer/ has a vite config, so that the browser tests drive the current UI
 * then one summary line: `N passed, N failed, N skipped`.
 *
 * Extra arguments: those starting with `-` go to node's test runner (e.g.
 * `--test-name-pattern=invite`); the others filter test files by substring
 * (e.g. `npm test -- test/unit/lint`).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { hasPackageScript, npmRunCommand } from '../app/cli/package-scripts.ts'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const SUITES = ['unit', 'integration', 'netns', 'e2e']
const TEST_TIMEOUT_MS = 180_000

const args = process.argv.slice(2)
const runnerFlags = args.filter(a => a.startsWith('-'))
const filters = args.filter(a => !a.startsWith('-'))

function step (title: string): void {
  console.log(`\n=== ${title}`)
}

function fail (message: string): never {
  console.error(`\nnpm test: FAILED: ${message}`)
  process.exit(1)
}

/** Runs this same Node with the given arguments, output going straight to ours. */
function node (argv: string[]): number {
  const r = spawnSync(process.execPath, argv, { cwd: root, stdio: 'inherit' })
  if (r.error !== undefined) throw r.error
  return r.status ?? 1
}

// 1. type-check
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
for (const project of ['core', 'app', 'test', 'main', 'renderer']) {
  const optional = project === 'main' || project === 'renderer'
  if (optional && !existsSync(join(root, project, 'tsconfig.json'))) continue
  step(`typecheck: tsc -p ${project}`)
  if (node([tsc, '-p', project]) !== 0) fail(`type errors in tsc -p ${project} (see above)`)
}

// 2. import lint
step('lint: import directions and cycles')
if (node(['--import', 'tsx', 'scripts/check-imports.ts']) !== 0) fail('import lint (see above)')

// 3. tests, suite by suite
function testFiles (suite: string): string[] {
  const dir = join(root, 'test', suite)
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map(f => `test/${suite}/${f.split('\\').join('/')}`)
    .filter(f => f.endsWith('.test.ts') && !f.includes('/node_modules/'))
    .filter(f => filters.length === 0 || filters.some(p => f.includes(p)))
    .sort()
}

/** renderer/vite.config.* when the renderer has one. */
function viteConfig (): string | undefined {
  return ['ts', 'mts', 'js', 'mjs'].map(ext => `renderer/vite.config.${ext}`).find(file => existsSync(join(root, file)))
}

/** Builds renderer/dist for the e2e tests; says what it runs. */
function buildUi (config: string): void {
  if (hasPackageScript('build:ui')) {
    const { file, args, shown } = npmRunCommand('build:ui')
    console.log(`building the UI for the e2e tests: ${shown}`)
    const r = spawnSync(file, args, { cwd: root, stdio: 'inherit' })
    if (r.error === undefined) {
      if (r.status !== 0) fail(`${shown} exited ${r.status ?? r.signal} (see above)`)
      return
    }
    console.log(`cannot run ${shown} (${r.error.message}): using vite directly`)
  }
  // vite's exports hide bin/vite.js from require.resolve; its package.json names it
  const vitePackage = createRequire(import.meta.url).resolve('vite/package.json')
  const vite = join(dirname(vitePackage), 'bin', 'vite.js')
  console.log(`building the UI for the e2e tests: node ${vite} build --config ${config}`)
  if (node([vite, 'build', '--config', config]) !== 0) fail(`vite build --config ${config} failed (see above)`)
}

/** The last `# <name> N` line of a TAP report. */
function count (tap: string, name: string): number {
  const all = [...tap.matchAll(new RegExp(`^# ${name} (\\d+)$`, 'gm'))]
  return Number(all.at(-1)?.[1] ?? 0)
}

const total = { passed: 0, failed: 0, skipped: 0 }
const reportDir = mkdtempSync(join(tmpdir(), 'tim-test-'))
let failedSuite: string | undefined

for (const suite of SUITES) {
  const files = testFiles(suite)
  step(`test/${suite}`)
  if (files.length === 0) {
    console.log(`no tests in test/${suite}${filters.length > 0 ? ' matching the filter' : ''}: skipped`)
    continue
  }
  const config = suite === 'e2e' ? viteConfig() : undefined
  if (config !== undefined) buildUi(config)
  // The visible report goes to stdout (spec on a terminal, TAP otherwise, so that its closing
  // `# pass N` / `# fail N` lines show in logs); a TAP copy goes to a file for the counts.
  const tapFile = join(reportDir, `${suite}.tap`)
  const status = node([
    '--import', 'tsx', '--test', '--test-concurrency=1', `--test-timeout=${TEST_TIMEOUT_MS}`,
    `--test-reporter=${process.stdout.isTTY ? 'spec' : 'tap'}`, '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
    ...runnerFlags, ...files
  ])
  const tap = existsSync(tapFile) ? readFileSync(tapFile, 'utf8') : ''
  const failed = count(tap, 'fail') + count(tap, 'cancelled')
  total.passed += count(tap, 'pass')
  total.failed += failed
  total.skipped += count(tap, 'skipped')
  if (status !== 0 || failed > 0) {
    if (failed === 0) total.failed += 1 // the runner itself failed (crash, bad flag): count it
    failedSuite = suite
    break
  }
}
rmSync(reportDir, { recursive: true, force: true })

console.log(`\n${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`)
if (failedSuite !== undefined) fail(`test/${failedSuite}`)
