/**
 * `tim desktop` — what `npm start` runs: the messenger with its UI. When Electron can run
 * here (its binary was downloaded, there is a display, and the main bundle out/main/index.js
 * exists or `npm run build:main` makes it) it starts the Electron app and passes its exit
 * code through. Otherwise it runs web mode — `tim node --ui`, building the renderer first
 * with `npm run build:ui` when renderer/dist is missing — and says why Electron was not used,
 * so that `npm install && npm start` works on any machine. Owns the choice only: the node
 * is `tim node`'s, the window is main/'s.
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
    web: { type: 'boolean', help: 'use web mode (the UI in your browser) even when Electron could run' }
  },
  details: [
    'Electron needs its binary (downloaded by the electron package\'s install script), a display,',
    'and the main bundle out/main/index.js (built with `npm run build:main` when missing).',
    'Otherwise it runs `tim node --ui` and prints the login link (`ui: URL`) and why; the node',
    'options apply to web mode. Both modes use the same data directory (the Electron app gets it',
    'as $TIM_DATA).'
  ],
  positionals: { min: 0, max: 0 },
  run: runDesktop
}

/** The path of the Electron binary, or why there is none. */
export function findElectron (): { binary: string } | { missing: string } {
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
async function runElectron (binary: string, { dataDir }: CommandContext): Promise<number> {
  const args = [electronAppPath()]
  // Chromium refuses to run as root without this; the renderer is still contextIsolated
  if (process.getuid?.() === 0) args.unshift('--no-sandbox')
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

/** Why Electron is not used, or its binary when it is. */
async function chooseElectron (context: CommandContext): Promise<{ binary: string } | { reason: string }> {
  if (context.flag('web')) return { reason: '--web given' }
  const electron = findElectron()
  if ('missing' in electron) return { reason: electron.missing }
  const noDisplay = displayMissing()
  if (noDisplay !== undefined) return { reason: noDisplay }
  const noBundle = await ensureMainBundle()
  if (noBundle !== undefined) return { reason: noBundle }
  return electron
}

async function runDesktop (context: CommandContext): Promise<number> {
  const choice = await chooseElectron(context)
  if ('binary' in choice) return await runElectron(choice.binary, context)

  if (!existsSync(rendererEntry)) {
    note(`${choice.reason}: web mode needs the UI, which is not built yet: npm run build:ui`)
    await runPackageScript('build:ui')
  }
  return await runNode(context, {
    ui: true,
    onReady: () => { note(`${choice.reason}: started web mode instead (open the ui link above in a browser)`) }
  })
}
