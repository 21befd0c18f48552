/**
 * The npm scripts of the Tim package, run from the CLI (`tim desktop` builds the UI or the
 * Electron main bundle when they are missing) and from scripts/test.ts. Runs them with the
 * npm that started us when there is one ($npm_execpath), else `npm` from PATH; their output
 * goes to stderr so that stdout keeps only what the command prints for scripts.
 */

import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { isPlainObject } from '../../core/api/index.ts'

/** An npm script that is missing, cannot be started, or fails. */
export class PackageScriptError extends Error {
  override name = 'PackageScriptError'
}

/** The folder that holds package.json. */
export const packageRoot = fileURLToPath(new URL('../..', import.meta.url))

/** The `scripts` of package.json (empty when it cannot be read). */
export function packageScripts (): Record<string, string> {
  try {
    const json: unknown = JSON.parse(readFileSync(`${packageRoot}/package.json`, 'utf8'))
    const scripts = isPlainObject(json) ? json.scripts : undefined
    if (!isPlainObject(scripts)) return {}
    return Object.fromEntries(Object.entries(scripts).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
  } catch {
    return {}
  }
}

export function hasPackageScript (name: string): boolean {
  return packageScripts()[name] !== undefined
}

/** The command line that runs `npm run <name>`, for running and for messages. */
export function npmRunCommand (name: string): { file: string, args: string[], shown: string } {
  const npmCli = process.env.npm_execpath
  if (npmCli !== undefined && npmCli !== '' && /\.(c|m)?js$/.test(npmCli)) {
    return { file: process.execPath, args: [npmCli, 'run', name], shown: `npm run ${name}` }
  }
  return { file: process.platform === 'win32' ? 'npm.cmd' : 'npm', args: ['run', name], shown: `npm run ${name}` }
}

/**
 * Runs `npm run <name>` in the package root, its output on our stderr. Resolves when it
 * succeeded; rejects with a sentence saying how it failed.
 */
export async function runPackageScript (name: string): Promise<void> {
  if (!hasPackageScript(name)) throw new PackageScriptError(`package.json has no "${name}" script`)
  const { file, args, shown } = npmRunCommand(name)
  const child = spawn(file, args, { cwd: packageRoot, stdio: ['ignore', process.stderr, process.stderr] })
  const outcome = await new Promise<{ code: number | null, signal: NodeJS.Signals | null } | Error>(resolve => {
    child.once('error', resolve)
    child.once('exit', (code, signal) => { resolve({ code, signal }) })
  })
  if (outcome instanceof Error) throw new PackageScriptError(`cannot run \`${shown}\`: ${outcome.message}`)
  if (outcome.code !== 0) {
    throw new PackageScriptError(`\`${shown}\` failed (${outcome.signal === null ? `exit code ${outcome.code}` : outcome.signal})`)
  }
}
