/**
 * What the user is told when a message arrives: a sentence for screen readers (an aria-live
 * announcement, always) and, in web mode, a browser notification while the page does not
 * have the focus (Electron's main process shows native ones itself). A contact's message is
 * titled with the name the user gave it; a stranger's never shows the name it chose (it is
 * "a message request"); a blocked account's is never announced. A group's message is titled
 * with the group's name and says who wrote it (a contact by name, anyone else as a member).
 */

import { notificationPreview, type Contact, type Message } from '../../../core/api/index.ts'
import { messageSummary } from './messages.ts'

export interface Alert {
  /** what a screen reader hears */
  announcement: string
  /** the notification, or null for none */
  notification: { title: string, body: string, tag: string } | null
}

export function alertFor (message: Message, sender: Contact | undefined, group?: { name: string }): Alert | null {
  if (sender?.status === 'blocked') return null
  const body = notificationPreview(messageSummary(message))
  if (group !== undefined) {
    const from = sender?.status === 'accepted' ? sender.name : 'a member'
    return {
      announcement: `New message from ${from} in ${group.name}: ${body}`,
      notification: { title: group.name, body: `${from}: ${body}`, tag: message.conversation }
    }
  }
  if (sender?.status === 'accepted') {
    return {
      announcement: `New message from ${sender.name}: ${body}`,
      notification: { title: sender.name, body, tag: message.conversation }
    }
  }
  return {
    announcement: 'New message request from someone who is not in your contacts',
    notification: { title: 'New message request', body: 'From someone who is not in your contacts. Open Tim to accept or block.', tag: 'tim-requests' }
  }
}

/** Whether the browser can show notifications and the user allowed them. */
export function notificationsAllowed (): boolean {
  return typeof Notification !== 'undefined' && Notification.permission === 'granted'
}

/** Shows `notification` unless the page has the focus; a click brings the page back and calls `onClick`. */
export function showNotification (notification: NonNullable<Alert['notification']>, onClick: () => void): void {
  if (!notificationsAllowed() || (document.visibilityState === 'visible' && document.hasFocus())) return
  const shown = new Notification(notification.title, { body: notification.body, tag: notification.tag })
  shown.onclick = () => {
    window.focus()
    onClick()
    shown.close()
  }
}
