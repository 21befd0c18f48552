/**
 * Who is typing to this node right now. A contact's `typing: true` holds for `ttlMs` unless it
 * is said again (a typing client repeats it every few seconds); then, or when the contact says
 * it stopped, or when its device goes away, one `conversation:typing` with `typing: false` is
 * emitted. One event per change: a repeated `true` emits nothing. Never stored.
 */

import { dmConversation, type AccountId, type TypingChange } from '../api/index.ts'

export interface IncomingTypingInit {
  ttlMs: number
  emit: (change: TypingChange) => void
}

export interface IncomingTyping {
  /** `account`, an accepted contact, says it is typing to us, or stopped */
  heard: (account: AccountId, typing: boolean) => void
  /** the node stops: forget everyone's typing without events */
  clear: () => void
}

export function createIncomingTyping (init: IncomingTypingInit): IncomingTyping {
  /** the lapse timer of each account typing now */
  const typing = new Map<AccountId, ReturnType<typeof setTimeout>>()

  const emit = (account: AccountId, isTyping: boolean): void => {
    init.emit({ conversation: dmConversation(account), from: account, typing: isTyping })
  }
  const stop = (account: AccountId): void => {
    const timer = typing.get(account)
    if (timer != null) {
      clearTimeout(timer)
      typing.delete(account)
      emit(account, false)
    }
  }

  return {
    heard: (account, isTyping) => {
      if (!isTyping) {
        stop(account)
        return
      }
      const timer = typing.get(account)
      if (timer != null) {
        timer.refresh()
        return
      }
      const lapse = setTimeout(() => { stop(account) }, init.ttlMs)
      lapse.unref()
      typing.set(account, lapse)
      emit(account, true)
    },
    clear: () => {
      for (const timer of typing.values()) {
        clearTimeout(timer)
      }
      typing.clear()
    }
  }
}
