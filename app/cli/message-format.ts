/**
 * How the CLI shows a message: one line for `tim history` and `tim watch` (time, id,
 * direction, quoted reply, content, reactions, then state, path, edits and burn timer in
 * brackets; `tim watch` prints its own time instead of the message's), and every field, one per line, for `tim message`. Erased, custom and
 * unsupported messages say what they are instead of showing an empty text. Pure functions.
 */

import { dmPeer, type Message } from '../../core/api/index.ts'
import type { NameBook } from './name-book.ts'
import { formatTime, oneLine } from './output.ts'

function byteCount (base64: string): number {
  return Buffer.from(base64, 'base64').byteLength
}

/** What the message says, in words, whatever its kind. */
export function messageContent (message: Message): string {
  if (message.erased === 'recalled') return '(recalled by its sender)'
  if (message.erased === 'burnt') return '(burnt after reading)'
  if (message.kind === 'custom' && message.custom !== undefined) {
    return `[custom message of type ${message.custom.type}, ${byteCount(message.custom.data)} bytes]`
  }
  if (message.kind === 'unsupported') {
    return `[unsupported message: this version of Tim cannot show it (${byteCount(message.unsupported?.data ?? '')} bytes)]`
  }
  return message.text
}

function quoteText (message: Message, names: NameBook): string | undefined {
  const quote = message.replyTo
  if (quote === undefined) return undefined
  const quoted = quote.text === '' ? `message ${quote.id}` : `"${oneLine(quote.text, 40)}"`
  return `${names.account(quote.from)}: ${quoted}`
}

function burnText (message: Message): string | undefined {
  const burn = message.burn
  if (burn === undefined || message.erased !== undefined) return undefined
  return burn.expiresAt === undefined
    ? `burns ${burn.seconds} s after reading`
    : `burns at ${formatTime(burn.expiresAt)}`
}

function reactionCounts (message: Message): string | undefined {
  const reactions = (message.reactions ?? []).filter(reaction => reaction.from.length > 0)
  if (reactions.length === 0) return undefined
  return reactions.map(reaction => `${reaction.emoji} ${reaction.from.length}`).join(', ')
}

/** `ID ← (re Bob: "quote") text  [👍 2]  (delivered, direct, edited)`; → sent, ← received; `← Bob: text` in a group. */
export function messageSummary (message: Message, names: NameBook): string {
  const arrow = message.direction === 'out' ? '→' : '←'
  // in a 1:1 conversation the sender is the other account; in a group it is named
  const sender = message.direction === 'in' && dmPeer(message.conversation) === null ? `${names.account(message.from)}: ` : ''
  const quote = quoteText(message, names)
  const reactions = reactionCounts(message)
  const notes = [
    message.state, message.path ?? undefined, message.failure,
    message.editedAt === undefined ? undefined : 'edited', burnText(message)
  ].filter(note => note !== undefined)
  return `${message.id} ${arrow} ${sender}${quote === undefined ? '' : `(re ${quote}) `}${messageContent(message)}` +
    `${reactions === undefined ? '' : `  [${reactions}]`}  (${notes.join(', ')})`
}

/** The summary after the time the message was sent (the sender's clock): one line of `tim history`. */
export function messageLine (message: Message, names: NameBook): string {
  return `[${formatTime(message.timestamp)}] ${messageSummary(message, names)}`
}

/** Every field of a message as `label: value` rows, for `tim message`. */
export function messageFields (message: Message, names: NameBook): Array<[string, string]> {
  const rows: Array<[string, string | undefined]> = [
    ['id', message.id],
    ['conversation', `${message.conversation} (${names.conversation(message.conversation)})`],
    ['from', `${names.account(message.from)} (${message.from})`],
    ['direction', message.direction === 'out' ? 'out (sent by you)' : 'in (received)'],
    ['kind', message.kind],
    ['content', messageContent(message)],
    ['custom data', message.custom === undefined ? undefined : `${oneLine(message.custom.data, 64)} (base64)`],
    ['raw data', message.unsupported === undefined ? undefined : `${oneLine(message.unsupported.data, 64)} (base64)`],
    ['time', formatTime(message.timestamp)],
    ['state', message.state],
    ['path', message.path ?? 'none yet'],
    ['failure', message.failure],
    ['sent as', message.sentAs],
    ['reply to', quoteText(message, names)],
    ['edited', message.editedAt === undefined ? undefined : formatTime(message.editedAt)],
    ...(message.reactions ?? []).filter(reaction => reaction.from.length > 0).map((reaction): [string, string] =>
      ['reaction', `${reaction.emoji} from ${reaction.from.map(names.account).join(', ')}`]),
    ['burn', message.burn === undefined ? undefined : `${message.burn.seconds} s after reading` +
      (message.burn.expiresAt === undefined ? '' : `, expires ${formatTime(message.burn.expiresAt)}`)],
    ['erased', message.erased],
    ...(message.recall?.devices ?? []).map((device): [string, string] =>
      ['recall', `device ${device.deviceId}: ${device.confirmed ? 'confirmed it erased its copy' : 'not confirmed yet'}`])
  ]
  return rows.filter((row): row is [string, string] => row[1] !== undefined)
}
