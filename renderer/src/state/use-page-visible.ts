/** Whether this page is visible (not a background tab, not a minimised window). */

import { useSyncExternalStore } from 'react'

function subscribe (onChange: () => void): () => void {
  document.addEventListener('visibilitychange', onChange)
  return () => { document.removeEventListener('visibilitychange', onChange) }
}

export function usePageVisible (): boolean {
  return useSyncExternalStore(subscribe, () => document.visibilityState === 'visible')
}
