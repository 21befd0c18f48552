/**
 * `tim desktop` — what `npm start` runs: the messenger with its UI. When Electron can run
 * here (its binary was downloaded, there is a display, and the main bundle out/main/index.js
 * exists or `npm run build:main` makes it) it starts the Electron app and passes its exit
 * code through. Otherwise it runs web mode — `tim node --ui`, building the renderer first
 * with `npm run build:ui` when renderer/dist is missing — and says why Electron was not used,
 * so that `npm install && npm start` works on any machine. Owns the choice only: the node
 * is `tim node`'s, the window is main/'s.
 *
 * Chromium's sandbox cannot run as root. Run as root, `tim desktop` refuses to start the
 * Electron app and says why and what to do instead (run it as one's own user, use web mode,
 * or give `--no-sandbox`); with `--no-sandbox`, as root or not, it starts Electron without
 * the sandbox and says what that costs. It never turns the sandbox off on its own.
 */

import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { isPlainObject } from '../../../core/api/index.ts'
import type { CommandContext, CommandSpec, OptionSpecs } from '../command.ts'
import { note } from '../output.ts'
import { hasPackageScript, packageRoot, runPackageScript } from '../package-scripts.ts'
import { nodeCommand, runNode } from './node.ts'

/** The Electron main process bundle that `npm run build:main` writes. */
export const mainBundle = join(packageRoot, 'out', 'main', 'index.js')
/** The built renderer's entry page that `npm run build:ui` writes. */
export const rendererEntry = join(packageRoot, 'renderer', 'dist', 'index.html')

/** `tim node`'s options, which web mode uses, without `--ui` (web mode implies it). */
const webModeOptions: OptionSpecs = Object.fromEntries(
  Object.entries(nodeCommand.options).filter(([name]) => name !== 'ui')
)

export const desktopCommand: CommandSpec = {
  name: 'desktop',
  summary: 'start the messenger: the Electron app, or the UI in your browser when Electron cannot run here',
  options: {
    ...webModeOptions,
    web: { type: 'boolean', help: 'use web mode (the UI in your browser) even when Electron could run' },
    'no-sandbox': { type: 'boolean', help: 'run the Electron app without Chromium\'s sandbox (needed as root; see below)' }
  },
  details: [
    'Electron needs its binary (downloaded by the electron package\'s install script), a display,',
    'and the main bundle out/main/index.js (built with `npm run build:main` when missing).',
    'Otherwise it runs `tim node --ui` and prints the login link (`ui: URL`) and why; the node',
    'options apply to web mode. Both modes use the same data directory (the Electron app gets it',
    'as $TIM_DATA). $TIM_ELECTRON names another Electron binary (a system one) to use.',
    'Chromium\'s sandbox cannot run as root, so as root the Electron app is refused unless',
    '--no-sandbox is given: without the sandbox, a flaw in how the app shows what a peer sent',
    'gives that peer the rights of the user running it. Run it as your own user, or use --web.'
  ],
  positionals: { min: 0, max: 0 },
  run: runDesktop
}

/** The path of the Electron binary, or why there is none. */
export function findElectron (): { binary: string } | { missing: string } {
  const chosen = process.env.TIM_ELECTRON
  if (chosen !== undefined && chosen !== '') {
    return existsSync(chosen) ? { binary: chosen } : { missing: `no Electron binary at $TIM_ELECTRON (${chosen})` }
  }
  let exported: unknown
  try {
    // the electron package's index.js exports the binary's path, and throws when it was never downloaded
    exported = createRequire(import.meta.url)('electron')
  } catch (err) {
    const message = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? ''
    return { missing: `Electron binary not installed (${message})` }
  }
  if (typeof exported !== 'string') return { missing: 'Electron binary not installed (the electron package exports no path)' }
  if (!existsSync(exported)) return { missing: `Electron binary not installed (${exported} does not exist)` }
  return { binary: exported }
}

/** Why Electron cannot show a window here, or undefined when it can. */
function displayMissing (): string | undefined {
  if (process.platform !== 'linux') return undefined
  const has = (name: string): boolean => (process.env[name] ?? '') !== ''
  return has('DISPLAY') || has('WAYLAND_DISPLAY') ? undefined : 'no display ($DISPLAY and $WAYLAND_DISPLAY are unset)'
}

/** Makes sure out/main/index.js exists; returns why it does not otherwise. */
async function ensureMainBundle (): Promise<string | undefined> {
  if (existsSync(mainBundle)) return undefined
  if (!hasPackageScript('build:main')) return 'no Electron main bundle (out/main/index.js) and no build:main script'
  note('building the Electron main process: npm run build:main')
  try {
    await runPackageScript('build:main')
  } catch (err) {
    return `building the Electron main process failed: ${(err as Error).message}`
  }
  return existsSync(mainBundle) ? undefined : 'npm run build:main did not write out/main/index.js'
}

/** What Electron is given to run: the package folder when package.json names the bundle as "main". */
function electronAppPath (): string {
  try {
    const json: unknown = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8'))
    if (isPlainObject(json) && typeof json.main === 'string' && join(packageRoot, json.main) === mainBundle) return packageRoot
  } catch {}
  return mainBundle
}

/** Runs the Electron app until it exits; resolves its exit code. */
async function runElectron (binary: string, sandbox: ElectronSandbox, { dataDir }: CommandContext): Promise<number> {
  const args = [...sandbox.args, electronAppPath()]
  if (sandbox.warning !== undefined) note(sandbox.warning)
  note(`starting the desktop app: ${binary} ${args.join(' ')}`)
  const child = spawn(binary, args, {
    cwd: packageRoot,
    stdio: 'inherit',
    // the CLI's data directory (--data, else $TIM_DATA, else ~/.tim), so both modes open the same account
    env: { ...process.env, TIM_DATA: dataDir.path }
  })
  const forward = (signal: NodeJS.Signals): void => { child.kill(signal) }
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']
  for (const signal of signals) process.on(signal, forward)
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once('error', err => { reject(new Error(`cannot start Electron (${binary}): ${err.message}`)) })
      child.once('exit', (code, signal) => { resolve(code ?? (signal === null ? 1 : 128 + (signalNumbers[signal] ?? 15))) })
    })
  } finally {
    for (const signal of signals) process.off(signal, forward)
  }
}

const signalNumbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 }

/** How the Electron app is started with regard to Chromium's sandbox. */
export interface ElectronSandbox {
  /** Chromium switches to put before the app */
  args: string[]
  /** what running without the sandbox costs, when it is off */
  warning?: string
}

/** The cost of running without the sandbox, in one sentence. */
const NO_SANDBOX_COST = 'a flaw in how the app shows what a peer sent (a message, a name, a link) would give that peer the rights of the user running it'

/**
 * Whether the Electron app may start and how, for a process that runs as root or not and was
 * given `--no-sandbox` or not. Root without `--no-sandbox` is refused: the lines say why and
 * what to do instead.
 */
export function electronSandbox ({ root, noSandbox }: { root: boolean, noSandbox: boolean }): ElectronSandbox | { refused: string[] } {
  if (noSandbox) {
    return {
      args: ['--no-sandbox'],
      warning: `warning: the desktop app runs without Chromium's sandbox (--no-sandbox): ${NO_SANDBOX_COST}${root ? ' (here: root)' : ''}`
    }
  }
  if (!root) return { args: [] }
  return {
    refused: [
      'error: tim desktop does not start the desktop app as root: Chromium\'s sandbox cannot run as root, and without it ' + NO_SANDBOX_COST + ' (here: root)',
      '  run `tim desktop` as your own user (not root, not sudo);',
      '  or use web mode, whose UI runs in your browser\'s sandbox: tim desktop --web',
      '  or accept that cost: tim desktop --no-sandbox'
    ]
  }
}

/** Whether this process runs as root (Chromium checks the effective user). */
function runsAsRoot (): boolean {
  return (process.geteuid?.() ?? process.getuid?.()) === 0
}

type ElectronChoice = { binary: string, sandbox: ElectronSandbox } | { reason: string } | { refused: string[] }

/** Why Electron is not used, or its binary when it is, or why it must not start. */
async function chooseElectron (context: CommandContext): Promise<ElectronChoice> {
  if (context.flag('web')) return { reason: '--web given' }
  const electron = findElectron()
  if ('missing' in electron) return { reason: electron.missing }
  const noDisplay = displayMissing()
  if (noDisplay !== undefined) return { reason: noDisplay }
  const sandbox = electronSandbox({ root: runsAsRoot(), noSandbox: context.flag('no-sandbox') })
  if ('refused' in sandbox) return sandbox
  const noBundle = await ensureMainBundle()
  if (noBundle !== undefined) return { reason: noBundle }
  return { binary: electron.binary, sandbox }
}

async function runDesktop (context: CommandContext): Promise<number> {
  const choice = await chooseElectron(context)
  if ('refused' in choice) {
    for (const line of choice.refused) note(line)
    return 1
  }
  if ('binary' in choice) return await runElectron(choice.binary, choice.sandbox, context)

  if (!existsSync(rendererEntry)) {
    note(`${choice.reason}: web mode needs the UI, which is not built yet: npm run build:ui`)
    await runPackageScript('build:ui')
  }
  return await runNode(context, {
    ui: true,
    onReady: () => { note(`${choice.reason}: started web mode instead (open the ui link above in a browser)`) }
  })
}
