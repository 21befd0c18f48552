/**
 * Command-line parsing with node:util parseArgs, driven by a CommandSpec: picks the
 * subcommand (`tim contacts add …`), rejects unknown options and wrong argument counts with
 * a one-line UsageError, and exposes the values through typed accessors. No I/O.
 */

import { parseArgs, type ParseArgsConfig } from 'node:util'
import { helpOption, UsageError, type CommandSpec, type OptionSpecs } from './command.ts'

type ParseArgsOptions = NonNullable<ParseArgsConfig['options']>
type OptionValue = string | boolean | Array<string | boolean> | undefined

export interface ParsedCommandLine {
  command: CommandSpec
  positionals: string[]
  values: Record<string, OptionValue>
  help: boolean
}

function toParseArgsOptions (specs: OptionSpecs): ParseArgsOptions {
  const options: ParseArgsOptions = {}
  for (const [name, spec] of Object.entries(specs)) {
    options[name] = spec.short === undefined
      ? { type: spec.type, multiple: spec.multiple === true }
      : { type: spec.type, multiple: spec.multiple === true, short: spec.short }
  }
  return options
}

/** The subcommand named by the first positional argument, and argv without that word. */
function pickSubcommand (command: CommandSpec, argv: string[]): { command: CommandSpec, argv: string[] } {
  const subcommands = command.subcommands ?? []
  if (subcommands.length === 0) return { command, argv }
  // every option any of them knows, so that an option's value is not taken for a word
  const all: OptionSpecs = { ...helpOption, ...command.options }
  for (const sub of subcommands) Object.assign(all, sub.options)
  const { tokens } = parseArgs({ args: argv, options: toParseArgsOptions(all), strict: false, allowPositionals: true, tokens: true })
  const first = tokens.find(token => token.kind === 'positional')
  if (first === undefined || first.kind !== 'positional') return { command, argv }
  const sub = subcommands.find(candidate => candidate.name.split(' ').at(-1) === first.value)
  if (sub === undefined) {
    if (command.positionals.max > 0) return { command, argv }
    const names = subcommands.map(candidate => candidate.name.split(' ').at(-1)).join(', ')
    throw new UsageError(`tim ${command.name}: unknown subcommand "${first.value}" (one of: ${names}; see tim ${command.name} --help)`)
  }
  return { command: sub, argv: argv.filter((_word, index) => index !== first.index) }
}

/** Turns parseArgs' multi-sentence messages into one short line. */
function describeParseError (command: CommandSpec, err: unknown): string {
  const code = (err as { code?: string }).code
  const message = err instanceof Error ? err.message : String(err)
  const quoted = /'([^']+)'/.exec(message)?.[1]
  const see = `see tim ${command.name} --help`
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `tim ${command.name}: unknown option ${quoted ?? message} (${see})`
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const option = /--[\w-]+/.exec(message)?.[0]
      return option === undefined
        ? `tim ${command.name}: ${message} (${see})`
        : `tim ${command.name}: ${option} needs a value (${see})`
    }
    default:
      return `tim ${command.name}: ${message} (${see})`
  }
}

export function parseCommandLine (root: CommandSpec, argv: string[]): ParsedCommandLine {
  const { command, argv: rest } = pickSubcommand(root, argv)
  let parsed: { values: Record<string, OptionValue>, positionals: string[] }
  try {
    parsed = parseArgs({
      args: rest,
      options: toParseArgsOptions({ ...helpOption, ...command.options }),
      strict: true,
      allowPositionals: true
    })
  } catch (err) {
    throw new UsageError(describeParseError(command, err))
  }
  const help = parsed.values.help === true
  if (!help) {
    const count = parsed.positionals.length
    const { min, max } = command.positionals
    if (count < min) {
      throw new UsageError(`tim ${command.name}: missing arguments: tim ${command.name} ${command.args ?? ''} (see tim ${command.name} --help)`)
    }
    if (count > max) {
      const extra = parsed.positionals.slice(max).map(word => JSON.stringify(word)).join(' ')
      throw new UsageError(`tim ${command.name}: unexpected argument ${extra} (see tim ${command.name} --help)`)
    }
  }
  return { command, positionals: parsed.positionals, values: parsed.values, help }
}

/** Typed reads of parsed option values. */
export function optionReaders (values: Record<string, OptionValue>): {
  string: (name: string) => string | undefined
  strings: (name: string) => string[]
  flag: (name: string) => boolean
} {
  return {
    string: name => {
      const value = values[name]
      if (Array.isArray(value)) {
        const last = value.at(-1)
        return typeof last === 'string' ? last : undefined
      }
      return typeof value === 'string' ? value : undefined
    },
    strings: name => {
      const value = values[name]
      if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string')
      return typeof value === 'string' ? [value] : []
    },
    flag: name => values[name] === true
  }
}
