/**
 * What the CLI prints: JSON, aligned tables and `label: value` fields, local times, and the
 * error report: one `error: …` line (with the error name and stack under DEBUG), or with
 * --json one `{"error":{"name","message"}}` line. Writes to stdout/stderr only; knows
 * nothing of commands.
 */

export function printLine (text = ''): void {
  process.stdout.write(text + '\n')
}

/** A line for the user, not for scripts: goes to stderr so stdout stays parseable. */
export function note (text: string): void {
  process.stderr.write(text + '\n')
}

export function printJson (value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n')
}

/** One JSON value on one line (a stream of events). */
export function printJsonLine (value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n')
}

function pad2 (n: number): string {
  return String(n).padStart(2, '0')
}

/** `2025-01-31 14:05:09`, local time. */
export function formatTime (ms: number): string {
  const d = new Date(ms)
  if (Number.isNaN(d.getTime())) return '?'
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`
}

/** Rows as aligned columns, with an optional header row. */
export function printTable (header: string[], rows: string[][]): void {
  const all = [header, ...rows]
  const widths = header.map((_cell, i) => Math.max(...all.map(row => (row[i] ?? '').length)))
  for (const row of all) {
    printLine(row.map((cell, i) => i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd())
  }
}

/** `label: value` rows with the values aligned. */
export function printFields (rows: Array<[string, string]>): void {
  const width = Math.max(0, ...rows.map(([label]) => label.length))
  for (const [label, value] of rows) printLine(`${`${label}:`.padEnd(width + 1)} ${value}`)
}

/** Single-line version of a user-supplied text, for one-line listings. */
export function oneLine (text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat
}

export interface ErrorReportOptions {
  /** one JSON line (scripts match on the name) instead of a sentence */
  json: boolean
  /** add the error name and the stack */
  debug: boolean
}

export function errorName (err: unknown): string {
  return err instanceof Error ? err.name : 'Error'
}

export function errorMessage (err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

export function reportError (err: unknown, options: ErrorReportOptions): void {
  if (options.json) {
    note(JSON.stringify({ error: { name: errorName(err), message: errorMessage(err) } }))
    return
  }
  const name = options.debug ? ` [${errorName(err)}]` : ''
  note(`error: ${errorMessage(err).split('\n')[0] ?? ''}${name}`)
  if (options.debug && err instanceof Error && err.stack !== undefined) {
    note(err.stack)
  }
}
