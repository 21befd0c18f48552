/**
 * Settings for notifications of new messages. In web mode the browser's Notification API:
 * permission is asked only when the user presses the button (browsers require a gesture);
 * Electron shows native notifications from its main process, so there is nothing to turn on.
 */

import { useState, type ReactNode } from 'react'
import { useTransport } from '../state/use-messenger.tsx'

type Permission = NotificationPermission | 'unsupported'

function currentPermission (): Permission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission
}

export function NotificationSettings (): ReactNode {
  const transport = useTransport()
  const [permission, setPermission] = useState<Permission>(currentPermission)

  if (transport.mode === 'electron') {
    return <p className='muted'>Tim shows a desktop notification for each new message while its window is in the background.</p>
  }
  const ask = (): void => {
    Notification.requestPermission().then(setPermission, () => { setPermission(currentPermission()) })
  }
  return (
    <div className='notification-settings' data-permission={permission}>
      {permission === 'granted' && <p>This browser shows a notification for each new message while Tim’s tab is in the background.</p>}
      {permission === 'default' && (
        <>
          <p className='muted'>Get a notification for new messages while Tim’s tab is in the background.</p>
          <button type='button' className='button' onClick={ask}>Turn on notifications</button>
        </>
      )}
      {permission === 'denied' && <p className='muted'>Notifications are blocked for this page. Allow them in the browser’s site settings to get them.</p>}
      {permission === 'unsupported' && <p className='muted'>This browser cannot show notifications.</p>}
    </div>
  )
}
