/**
 * The few line icons the UI draws, as inline SVG (no icon font, no network, CSP-safe).
 * Decorative: each is aria-hidden; the button or label next to it carries the name.
 */

import type { ReactNode } from 'react'

type IconName = 'chats' | 'contacts' | 'invite' | 'settings' | 'add-contact' | 'send' | 'copy' | 'back' | 'retry' | 'down' | 'more' | 'reply' | 'smile' | 'close' | 'timer' | 'up' | 'group' | 'join'

const paths: Record<IconName, ReactNode> = {
  chats: <path d='M4 5h16v10H8l-4 4z' />,
  contacts: <><circle cx='9' cy='8' r='3.5' /><path d='M2.5 20c.8-4 3.4-6 6.5-6s5.7 2 6.5 6' /><path d='M16 4.5a3.5 3.5 0 0 1 0 7M18 14c2 .8 3.2 2.8 3.6 6' /></>,
  invite: <><rect x='3' y='3' width='7' height='7' /><rect x='14' y='3' width='7' height='7' /><rect x='3' y='14' width='7' height='7' /><path d='M14 14h3v3h-3zM20 14v.01M14 20h.01M17 20h4v-3' /></>,
  settings: <><circle cx='12' cy='12' r='3' /><path d='M12 2.5v3M12 18.5v3M2.5 12h3M18.5 12h3M5.3 5.3l2.1 2.1M16.6 16.6l2.1 2.1M5.3 18.7l2.1-2.1M16.6 7.4l2.1-2.1' /></>,
  'add-contact': <><circle cx='9' cy='8' r='3.5' /><path d='M2.5 20c.8-4 3.4-6 6.5-6s5.7 2 6.5 6M19 8v6M16 11h6' /></>,
  send: <path d='M4 12l16-8-6 16-3-7z' />,
  copy: <><rect x='8' y='8' width='12' height='12' rx='2' /><path d='M16 8V5a1 1 0 0 0-1-1H5a1 1 0 0 0-1 1v10a1 1 0 0 0 1 1h3' /></>,
  back: <path d='M15 5l-7 7 7 7' />,
  retry: <path d='M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7' />,
  down: <path d='M6 9l6 6 6-6' />,
  up: <path d='M6 15l6-6 6 6' />,
  more: <><circle cx='5' cy='12' r='1.2' /><circle cx='12' cy='12' r='1.2' /><circle cx='19' cy='12' r='1.2' /></>,
  reply: <path d='M10 8L4 13l6 5M4 13h10a6 6 0 0 1 6 6' />,
  smile: <><circle cx='12' cy='12' r='8.5' /><path d='M8.5 14.5c1.8 2 5.2 2 7 0M9 10h.01M15 10h.01' /></>,
  close: <path d='M6 6l12 12M18 6L6 18' />,
  timer: <><circle cx='12' cy='13' r='7.5' /><path d='M12 9v4l2.5 2M9.5 2.5h5' /></>,
  group: <><circle cx='8' cy='9' r='3' /><circle cx='16' cy='9' r='3' /><path d='M2.5 19c.6-3 2.8-4.5 5.5-4.5s4.9 1.5 5.5 4.5M13.5 14.7c.8-.2 1.6-.2 2.5-.2 2.7 0 4.9 1.5 5.5 4.5' /></>,
  join: <path d='M14 4h5v16h-5M3 12h11M10 8l4 4-4 4' />
}

export function Icon ({ name }: { name: IconName }): ReactNode {
  return (
    <svg className='icon' viewBox='0 0 24 24' width='20' height='20' aria-hidden='true' focusable='false'>
      {paths[name]}
    </svg>
  )
}
