/**
 * notifications — a desktop notification for each message received while the app window is
 * not focused; clicking it brings the window back. Reads the sender's name through the
 * MessengerApi; never shows anything while the window is focused.
 */

import { Notification, type BrowserWindow } from 'electron'
import { logger } from '@libp2p/logger'
import type { Message } from '../core/api/index.ts'
import type { NodeApi } from '../core/index.ts'

const log = logger('tim:main:notifications')

/** Characters of a message shown in its notification. */
const PREVIEW_LENGTH = 120

function preview (text: string): string {
  const chars = [...text]
  return chars.length > PREVIEW_LENGTH ? `${chars.slice(0, PREVIEW_LENGTH).join('')}…` : text
}

async function senderName (api: NodeApi, message: Message): Promise<string> {
  const contacts = await api.listContacts()
  return contacts.find(contact => contact.accountId === message.from)?.name ?? 'New message'
}

/** Notifies of received messages while `window` is unfocused; `show` is called on a click. */
export function notifyReceivedMessages (api: NodeApi, window: BrowserWindow, show: () => void): void {
  // a notification that is garbage-collected no longer reports its click: hold each until closed
  const shown = new Set<Notification>()
  api.on('message:received', message => {
    if (window.isDestroyed() || window.isFocused() || !Notification.isSupported()) return
    senderName(api, message).then(title => {
      const notification = new Notification({ title, body: preview(message.text) })
      shown.add(notification)
      notification.on('click', show)
      notification.on('close', () => { shown.delete(notification) })
      notification.show()
    }).catch((err: unknown) => { log.error('no notification for %s: %e', message.id, err) })
  })
}
