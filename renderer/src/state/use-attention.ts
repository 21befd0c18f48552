/**
 * Whether the user can be looking at this page: it is visible (not a background tab, not a
 * minimised window) and its window has the focus. Messages are marked read only then.
 */

import { useSyncExternalStore } from 'react'

function subscribe (onChange: () => void): () => void {
  document.addEventListener('visibilitychange', onChange)
  window.addEventListener('focus', onChange)
  window.addEventListener('blur', onChange)
  return () => {
    document.removeEventListener('visibilitychange', onChange)
    window.removeEventListener('focus', onChange)
    window.removeEventListener('blur', onChange)
  }
}

function attentive (): boolean {
  return document.visibilityState === 'visible' && document.hasFocus()
}

export function useAttention (): boolean {
  return useSyncExternalStore(subscribe, attentive)
}
