/**
 * notifications — desktop notifications for messages received while the app window is not
 * focused (what to show is decided in notification-plan.ts); clicking one brings the window
 * back. Reads the sender through the MessengerApi; never shows anything while the window is
 * focused.
 */

import { Notification, type BrowserWindow } from 'electron'
import { logger } from '@libp2p/logger'
import type { NodeApi } from '../core/index.ts'
import { createRequestBatcher, planNotification, type ShownNotification } from './notification-plan.ts'

const log = logger('tim:main:notifications')

/** Message requests that arrive within this time make one notification. */
const REQUEST_WINDOW_MS = 60_000

/** Notifies of received messages while `window` is unfocused; `show` is called on a click. */
export function notifyReceivedMessages (api: NodeApi, window: BrowserWindow, show: () => void): void {
  // a notification that is garbage-collected no longer reports its click: hold each until closed
  const shown = new Set<Notification>()
  const display = ({ title, body }: ShownNotification): void => {
    const notification = new Notification({ title, body })
    shown.add(notification)
    notification.on('click', show)
    notification.on('close', () => { shown.delete(notification) })
    notification.show()
  }
  const requests = createRequestBatcher(display, REQUEST_WINDOW_MS)
  window.on('closed', requests.stop)
  api.on('message:received', message => {
    if (window.isDestroyed() || window.isFocused() || !Notification.isSupported()) return
    api.listContacts().then(contacts => {
      const plan = planNotification(message, contacts.find(contact => contact.accountId === message.from))
      if (plan === 'request') requests.add()
      else if (plan !== null) display(plan)
    }).catch((err: unknown) => { log.error('no notification for %s: %e', message.id, err) })
  })
}
