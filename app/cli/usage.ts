/**
 * Help texts, derived from the CommandSpecs: `tim --help` (every command, one line each)
 * and `tim <command> --help` (synopsis, options, details, subcommands). Pure functions.
 */

import { helpOption, type CommandSpec, type OptionSpec } from './command.ts'

export interface CommandSummary {
  name: string
  args?: string
  summary: string
}

function optionLabel (name: string, spec: OptionSpec): string {
  const long = `--${name}${spec.value === undefined ? '' : ` ${spec.value}`}`
  return spec.short === undefined ? long : `-${spec.short}, ${long}`
}

function columns (rows: Array<[string, string]>, indent = '  '): string[] {
  const width = Math.max(0, ...rows.map(([left]) => left.length))
  return rows.map(([left, right]) => `${indent}${left.padEnd(width)}  ${right}`.trimEnd())
}

/** `tim send [--data DIR] [--json] <peer> <text>` */
export function synopsis (command: CommandSpec): string {
  const options = Object.entries(command.options).map(([name, spec]) => {
    const label = `--${name}${spec.value === undefined ? '' : ` ${spec.value}`}`
    return `[${label}${spec.multiple === true ? '…' : ''}]`
  })
  const subcommand = command.subcommands !== undefined && command.positionals.max === 0 ? ['[<subcommand>]'] : []
  return ['tim', command.name, ...subcommand, ...options, ...(command.args === undefined ? [] : [command.args])].join(' ')
}

export function commandHelp (command: CommandSpec): string {
  const lines = [`${command.summary}`, '', `usage: ${synopsis(command)}`]
  for (const sub of command.subcommands ?? []) lines.push(`       ${synopsis(sub)}`)
  if (command.details !== undefined && command.details.length > 0) {
    lines.push('', ...command.details)
  }
  const options = Object.entries({ ...command.options, ...helpOption })
  lines.push('', 'options:', ...columns(options.map(([name, spec]) => [optionLabel(name, spec), spec.help])))
  if (command.subcommands !== undefined) {
    lines.push('', 'subcommands:', ...columns(command.subcommands.map(sub => [sub.name.split(' ').at(-1) ?? sub.name, sub.summary])))
  }
  return lines.join('\n') + '\n'
}

export function mainHelp (commands: CommandSummary[]): string {
  return [
    'tim — a decentralized, end-to-end encrypted messenger on libp2p',
    '',
    'usage: tim <command> [options]',
    '',
    'commands:',
    ...columns(commands.map(command => [`${command.name}${command.args === undefined ? '' : ` ${command.args}`}`, command.summary])),
    '',
    'Every command takes --data DIR (default: $TIM_DATA, else ~/.tim) and --help.',
    'Start a node with `tim node`; the other commands talk to it through DIR/api.json.',
    'A contact is named by its name or account id; a group by its name or id (group:<id>);',
    'a conversation by either, or by its id (dm:<account id>). A name names a contact first.',
    'Messages are named by the id that `tim send` and `tim history` print.',
    'With --json, output is JSON, and so are errors: {"error":{"name":…,"message":…}} on stderr.',
    'Exit codes: 0 ok, 1 error, 2 bad command line.',
    ''
  ].join('\n')
}
