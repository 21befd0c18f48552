/**
 * Which data directory a command works on: `--data DIR`, else $TIM_DATA, else ~/.tim. Also
 * how to tell the user about it: the directory as they wrote it, and the `tim node` command
 * line that starts its node (used in "not running" hints).
 */

import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

export interface DataDir {
  /** absolute path */
  path: string
  /** as the user wrote it (or the default), for messages */
  display: string
  /** whether it came from --data (false: $TIM_DATA or ~/.tim) */
  given: boolean
}

export function resolveDataDir (option: string | undefined): DataDir {
  if (option !== undefined && option !== '') {
    return { path: resolve(option), display: option, given: true }
  }
  const fromEnv = process.env.TIM_DATA
  if (fromEnv !== undefined && fromEnv !== '') {
    return { path: resolve(fromEnv), display: fromEnv, given: false }
  }
  const path = join(homedir(), '.tim')
  return { path, display: '~/.tim', given: false }
}

/** Quotes a word for a POSIX shell when it needs it. */
export function shellWord (word: string): string {
  return /^[\w@%+=:,./~-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`
}

/** `tim <command>` with the `--data` the user gave, ready to copy into a shell. */
export function timCommand (dataDir: DataDir, command: string): string {
  return dataDir.given ? `tim ${command} --data ${shellWord(dataDir.display)}` : `tim ${command}`
}
