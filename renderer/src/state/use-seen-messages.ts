/**
 * Which incoming messages are on screen: an IntersectionObserver on the list's scroller
 * watches every incoming message element (data-direction="in", data-message-id) as the
 * virtual list mounts it. While `active` (the window has the focus, the conversation may be
 * marked read, something is unread), the newest incoming message on screen that is not read
 * yet is reported through `onSeen` once: that is what markRead({ upTo }) gets.
 */

import { useEffect, useRef, useState, type RefObject } from 'react'
import type { Message } from '../../../core/api/index.ts'

/** the part of a message that must be on screen for it to count as seen */
const SEEN_RATIO = 0.5
/** a message taller than this many pixels on screen counts as seen whatever its ratio */
const SEEN_PX = 120

export interface SeenMessagesInit {
  list: RefObject<{ scroller: () => HTMLElement | null } | null>
  messages: readonly Message[]
  active: boolean
  onSeen: (upTo: string) => Promise<void>
}

/** Returns the ids of the incoming messages on screen now. */
export function useSeenMessages ({ list, messages, active, onSeen }: SeenMessagesInit): ReadonlySet<string> {
  const [visible, setVisible] = useState<ReadonlySet<string>>(() => new Set())
  const reported = useRef<string | undefined>(undefined)
  const [root, setRoot] = useState<HTMLElement | null>(null)

  // the scroller exists only once the list has mounted: pick it up after each commit
  useEffect(() => {
    const element = list.current?.scroller() ?? null
    if (element !== root) setRoot(element)
  })

  useEffect(() => {
    if (root === null) return
    const shown = new Set<string>()
    const observer = new IntersectionObserver(entries => {
      for (const entry of entries) {
        const id = (entry.target as HTMLElement).dataset.messageId
        if (id === undefined) continue
        const seen = entry.isIntersecting && (entry.intersectionRatio >= SEEN_RATIO || entry.intersectionRect.height >= SEEN_PX)
        if (seen) shown.add(id)
        else shown.delete(id)
      }
      setVisible(new Set(shown))
    }, { root, threshold: [0, SEEN_RATIO, 1] })
    const watched = new WeakSet<Element>()
    const watchAll = (): void => {
      for (const element of root.querySelectorAll('[data-direction="in"][data-message-id]')) {
        if (watched.has(element)) continue
        watched.add(element)
        observer.observe(element)
      }
    }
    watchAll()
    const mounts = new MutationObserver(watchAll)
    mounts.observe(root, { childList: true, subtree: true })
    return () => {
      mounts.disconnect()
      observer.disconnect()
    }
  }, [root])

  useEffect(() => {
    if (!active) return
    const newest = messages.findLast(message => message.direction === 'in' && visible.has(message.id))
    if (newest === undefined || newest.state === 'read' || reported.current === newest.id) return
    reported.current = newest.id
    onSeen(newest.id).catch(() => { reported.current = undefined })
  }, [active, messages, visible, onSeen])

  return visible
}
