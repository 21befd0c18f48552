/**
 * notification-plan — what the desktop app tells the user about received messages, decided
 * without Electron so that it can be tested. A contact's message gets its own notification,
 * titled with the name the user gave that contact. A stranger's (a message request) never
 * shows the name the stranger chose (it could be a contact's, or the user's own): requests
 * are counted and shown together, at most one notification per window, labelled as requests.
 * A blocked account's messages are never announced.
 */

import { notificationPreview, type Contact, type Message } from '../core/api/index.ts'

export interface ShownNotification {
  title: string
  body: string
}

/** What a message says in its notification: its text, or what kind of message it is. */
function bodyOf (message: Message): string {
  if (message.erased === 'recalled') return 'Recalled a message'
  if (message.erased === 'burnt') return 'A disappearing message'
  if (message.kind !== 'text') return 'Sent a message this version of Tim cannot show'
  return notificationPreview(message.text)
}

/** A contact's message as its notification; 'request' for a stranger's; null for nothing to show. */
export function planNotification (message: Message, sender: Contact | undefined): ShownNotification | 'request' | null {
  if (sender?.status === 'accepted') {
    return { title: sender.name, body: bodyOf(message) }
  }
  return sender?.status === 'blocked' ? null : 'request'
}

export interface RequestBatcher {
  /** one more message request arrived */
  add: () => void
  /** drops what is pending (the window closed) */
  stop: () => void
}

/** The one notification that stands for `count` message requests. */
export function requestNotification (count: number): ShownNotification {
  return {
    title: count === 1 ? 'New message request' : `${count} new message requests`,
    body: 'From someone who is not in your contacts. Open Tim to accept or block.'
  }
}

/**
 * Shows the first request at once, then at most one notification per `windowMs` for all the
 * requests that came meanwhile: a flood of strangers makes one notification, not thousands.
 */
export function createRequestBatcher (show: (notification: ShownNotification) => void, windowMs: number): RequestBatcher {
  let pending = 0
  let timer: NodeJS.Timeout | undefined
  const flush = (): void => {
    timer = undefined
    if (pending > 0) {
      show(requestNotification(pending))
      pending = 0
      timer = setTimeout(flush, windowMs)
    }
  }
  return {
    add: () => {
      pending++
      if (timer === undefined) {
        flush()
      }
    },
    stop: () => {
      clearTimeout(timer)
      timer = undefined
      pending = 0
    }
  }
}
