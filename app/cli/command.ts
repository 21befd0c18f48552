/**
 * The shape every CLI command has: its name, one-line summary, options and positional
 * arguments (from which parsing and `--help` are both derived), and `run`. Also the
 * options most commands share (`--data`, `--json`), UsageError, the one error that exits
 * with code 2, and the check of a whole-number option. Holds no command logic.
 */

import type { DataDir } from './data-dir.ts'

export interface OptionSpec {
  type: 'string' | 'boolean'
  short?: string
  /** may be given several times; the values are collected in order */
  multiple?: boolean
  /** the placeholder shown in usage: `--listen MULTIADDR` */
  value?: string
  help: string
}

export type OptionSpecs = Record<string, OptionSpec>

export interface CommandContext {
  /** the command being run (a subcommand when one was named) */
  command: CommandSpec
  positionals: string[]
  dataDir: DataDir
  /** `--json` was given (false for commands without that option) */
  json: boolean
  /** value of a string option, undefined when not given */
  string: (name: string) => string | undefined
  /** every value of a repeatable string option, in order */
  strings: (name: string) => string[]
  /** whether a boolean option was given */
  flag: (name: string) => boolean
}

export interface CommandSpec {
  /** the words after `tim`: 'send', 'contacts add' */
  name: string
  summary: string
  /** the positional arguments as shown in usage: '<peer> <text>' */
  args?: string
  /** further lines of explanation printed by --help */
  details?: string[]
  options: OptionSpecs
  /** how many positional arguments the command takes */
  positionals: { min: number, max: number }
  /** `tim contacts add …`: named by the first positional argument */
  subcommands?: CommandSpec[]
  /** resolves to the exit code (0 when undefined) */
  run: (context: CommandContext) => Promise<number | undefined>
}

/** A command line that does not match the usage: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** A whole number in [min, max] from an option, or undefined when the option is absent. */
export function integerOption (context: CommandContext, name: string, min: number, max: number): number | undefined {
  const text = context.string(name)
  if (text === undefined) return undefined
  const value = Number(text)
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`tim ${context.command.name}: --${name} takes a whole number from ${min} to ${max}, got "${text}"`)
  }
  return value
}

export const dataOption: OptionSpecs = {
  data: { type: 'string', value: 'DIR', help: 'the data directory (default: $TIM_DATA, else ~/.tim)' }
}

export const jsonOption: OptionSpecs = {
  json: { type: 'boolean', help: 'print JSON instead of text' }
}

export const helpOption: OptionSpecs = {
  help: { type: 'boolean', short: 'h', help: 'print this help' }
}

/** The options of a command that talks to a running node. */
export const nodeClientOptions: OptionSpecs = { ...dataOption, ...jsonOption }
