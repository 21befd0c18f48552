/**
 * The `tim` command line: picks the command, parses its arguments, runs it, prints errors
 * as one `error: …` line (with --json as one `{"error":{"name","message"}}` line), and sets
 * the exit code (0 ok, 1 error, 2 bad command line).
 * `tim`, `tim help [command]`, `tim --help` and `tim <command> --help` print usage.
 */

import { optionReaders, parseCommandLine } from './args.ts'
import { UsageError, type CommandSpec } from './command.ts'
import { commands } from './commands/index.ts'
import { resolveDataDir } from './data-dir.ts'
import { note, reportError } from './output.ts'
import { commandHelp, mainHelp } from './usage.ts'

function findCommand (name: string | undefined): CommandSpec | undefined {
  return commands.find(command => command.name === name)
}

function printMainHelp (stream: NodeJS.WriteStream = process.stdout): void {
  stream.write(mainHelp([
    ...commands.flatMap(command => [command, ...(command.subcommands ?? [])]),
    { name: 'help', args: '[command]', summary: 'print help for a command' }
  ]))
}

/** `tim help contacts add` → the help of that (sub)command. */
function printHelpFor (words: string[]): number {
  const command = findCommand(words[0])
  if (command === undefined) throw new UsageError(`tim help: unknown command "${words[0]}" (see tim --help)`)
  const sub = command.subcommands?.find(candidate => candidate.name === words.join(' '))
  process.stdout.write(commandHelp(sub ?? command))
  return 0
}

export async function main (argv: string[]): Promise<number> {
  const [first, ...rest] = argv
  let json = argv.includes('--json')
  try {
    if (first === undefined) {
      printMainHelp(process.stderr)
      return 2
    }
    if (first === '--help' || first === '-h') {
      printMainHelp()
      return 0
    }
    if (first === 'help') {
      if (rest.length === 0) {
        printMainHelp()
        return 0
      }
      return printHelpFor(rest)
    }
    const root = findCommand(first)
    if (root === undefined) {
      throw new UsageError(first.startsWith('-')
        ? `tim: expected a command before ${first} (see tim --help)`
        : `tim: unknown command "${first}" (see tim --help)`)
    }
    const parsed = parseCommandLine(root, rest)
    if (parsed.help) {
      process.stdout.write(commandHelp(parsed.command))
      return 0
    }
    const options = optionReaders(parsed.values)
    json = options.flag('json')
    return await parsed.command.run({
      command: parsed.command,
      positionals: parsed.positionals,
      dataDir: resolveDataDir(options.string('data')),
      json,
      ...options
    }) ?? 0
  } catch (err) {
    if (err instanceof UsageError && !json) {
      note(err.message)
      return 2
    }
    const debug = process.env.DEBUG !== undefined && process.env.DEBUG !== ''
    reportError(err, { json, debug })
    return err instanceof UsageError ? 2 : 1
  }
}

/** Exits once stdout and stderr have been written out (they may be pipes). */
async function exit (code: number): Promise<never> {
  await new Promise<void>(resolve => { process.stdout.write('', () => { resolve() }) })
  await new Promise<void>(resolve => { process.stderr.write('', () => { resolve() }) })
  process.exit(code)
}

// `tim history … | head`: a reader that went away is not an error
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0)
  throw err
})

await exit(await main(process.argv.slice(2)))
