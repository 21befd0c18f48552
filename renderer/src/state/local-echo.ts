/**
 * Local echo: the message a user sends is shown at once, as pending, before the node has
 * answered; it is then replaced by the node's own copy (from send()'s answer or the
 * message:queued event, whichever comes first). Pure helpers; the store owns the bookkeeping.
 */

import type { AccountId, Message, SendRequest } from '../../../core/api/index.ts'
import type { ShownMessage } from './messages.ts'

let counter = 0

/** A fresh local id: `local:` never collides with a node's message id (ULID). */
export function newLocalId (): string {
  counter += 1
  return `local:${Date.now().toString(36)}-${counter}`
}

export function isLocalId (id: string): boolean {
  return id.startsWith('local:')
}

/** The echo of `request`, as it is shown until the node confirms it. */
export function echoOf (request: SendRequest, localId: string, from: AccountId, timestamp: number, quoted: Message | undefined, waiting: boolean): ShownMessage {
  const echo: ShownMessage = {
    id: localId,
    conversation: request.conversation,
    from,
    direction: 'out',
    kind: request.custom === undefined ? 'text' : 'custom',
    text: request.text ?? '',
    timestamp,
    state: 'pending',
    path: null,
    local: { waiting }
  }
  if (quoted !== undefined) echo.replyTo = { id: quoted.id, from: quoted.from, text: quoted.text.slice(0, 200) }
  if (request.burnSeconds !== undefined) echo.burn = { seconds: request.burnSeconds }
  if (request.custom !== undefined) echo.custom = request.custom
  return echo
}

/** Whether the node's `message` is the one `echo` stands for (same conversation and content). */
export function isEchoOf (echo: ShownMessage, message: Message): boolean {
  return echo.local !== undefined && echo.conversation === message.conversation && echo.text === message.text &&
    echo.kind === message.kind && echo.replyTo?.id === message.replyTo?.id
}
