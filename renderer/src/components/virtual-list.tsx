/**
 * A windowed list for long chat histories: only the items near the viewport are in the DOM,
 * each absolutely placed from measured heights (a fixed estimate until measured). Scrolling
 * is anchored by hand (overflow-anchor is off): at the bottom it stays at the bottom when
 * items arrive or grow; elsewhere the first visible item keeps its place on screen when
 * items are added above it (older pages), measured, or resized — so nothing jumps. A short
 * list sits at the bottom, like a chat. Measuring and re-anchoring happen before paint.
 */

import {
  useCallback, useEffect, useImperativeHandle, useLayoutEffect, useRef, useState,
  type HTMLAttributes, type ReactNode, type Ref
} from 'react'
import { flushSync } from 'react-dom'

export interface VirtualListHandle {
  /** follows the newest item again */
  scrollToBottom: () => void
  /** puts the item `key` near the top of the view (false when it is not in the list) */
  scrollToKey: (key: string) => boolean
  /** the scrolling element (the root for an IntersectionObserver) */
  scroller: () => HTMLElement | null
}

export interface VirtualListProps<T> {
  ref?: Ref<VirtualListHandle>
  items: readonly T[]
  itemKey: (item: T) => string
  renderItem: (item: T, index: number) => ReactNode
  /** attributes of each item's listitem element (data-*) */
  itemAttributes?: (item: T) => Record<`data-${string}`, string>
  /** accessible name of the list */
  label: string
  /** height assumed for an item until it is measured */
  estimatedHeight?: number
  /** called (repeatedly: the caller ignores calls while busy) when scrolled near the top */
  onNearTop?: () => void
  /** called when the view starts or stops following the newest item */
  onAtBottomChange?: (atBottom: boolean) => void
  nearTopPx?: number
  /** rendered beyond the viewport on each side */
  overscanPx?: number
  /** empty space above the first and below the last item */
  gapPx?: number
  className?: string
  /** shown over the list, outside of its layout (e.g. "Loading older messages…") */
  overlay?: ReactNode
  /** rendered when there are no items */
  empty?: ReactNode
}

interface Anchor {
  key: string
  /** the item's top minus the scroll position when it was taken */
  delta: number
}

interface Layout {
  keys: readonly string[]
  /** offsets[i]: top of item i from the top of the content; offsets[n]: the items' height */
  offsets: Float64Array
  /** empty space above the items: a short list sits at the bottom */
  top: number
  /** the content's whole height */
  height: number
}

function computeLayout (keys: readonly string[], heights: ReadonlyMap<string, number>, guess: number, viewport: number, gap: number): Layout {
  const offsets = new Float64Array(keys.length + 1)
  for (let i = 0; i < keys.length; i++) {
    offsets[i + 1] = (offsets[i] ?? 0) + (heights.get(keys[i] ?? '') ?? guess)
  }
  const items = offsets[keys.length] ?? 0
  const top = Math.max(gap, viewport - items - gap)
  return { keys, offsets, top, height: top + items + gap }
}

/** The first index whose item ends below `y` (content coordinates, without `top`). */
function indexAt (offsets: Float64Array, count: number, y: number): number {
  let lo = 0
  let hi = count
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((offsets[mid + 1] ?? 0) <= y) lo = mid + 1
    else hi = mid
  }
  return lo
}

const AT_BOTTOM_SLACK_PX = 4
/** room left above an item scrolled to (for a divider above it) */
const SCROLL_TO_MARGIN_PX = 48
/** synchronous measure/re-anchor passes per frame before the rest waits for the next frame */
const PASSES_PER_FRAME = 12

export function VirtualList<T> (props: VirtualListProps<T>): ReactNode {
  const {
    ref, items, itemKey, renderItem, itemAttributes, label, onNearTop, onAtBottomChange, className, overlay, empty,
    estimatedHeight = 64, nearTopPx = 400, overscanPx = 600, gapPx = 8
  } = props
  const scrollerRef = useRef<HTMLDivElement>(null)
  const innerRef = useRef<HTMLDivElement>(null)
  const heights = useRef(new Map<string, number>())
  const elements = useRef(new Map<string, HTMLElement>())
  const stick = useRef(true)
  const anchor = useRef<Anchor | null>(null)
  const passes = useRef({ count: 0, frame: 0 })
  const [scrollTop, setScrollTop] = useState(0)
  const [viewport, setViewport] = useState(0)
  const [, setVersion] = useState(0)
  const observer = useRef<ResizeObserver | null>(null)

  const keys = items.map(itemKey)
  const count = keys.length
  const layout = computeLayout(keys, heights.current, estimatedHeight, viewport, gapPx)
  const first = indexAt(layout.offsets, count, scrollTop - layout.top - overscanPx)
  const end = Math.min(count, indexAt(layout.offsets, count, scrollTop - layout.top + viewport + overscanPx) + 1)
  const current = useRef(layout)
  current.current = layout

  const takeAnchor = useCallback((el: HTMLElement, at: Layout): void => {
    const i = indexAt(at.offsets, at.keys.length, el.scrollTop - at.top)
    const key = at.keys[i]
    anchor.current = key === undefined ? null : { key, delta: at.top + (at.offsets[i] ?? 0) - el.scrollTop }
  }, [])

  const onScroll = useCallback((): void => {
    const el = scrollerRef.current
    if (el === null) return
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= AT_BOTTOM_SLACK_PX
    if (atBottom !== stick.current) {
      stick.current = atBottom
      onAtBottomChange?.(atBottom)
    }
    takeAnchor(el, current.current)
    setScrollTop(el.scrollTop)
    if (el.scrollTop < nearTopPx) onNearTop?.()
  }, [nearTopPx, onAtBottomChange, onNearTop, takeAnchor])

  useImperativeHandle(ref, () => ({
    scrollToBottom: () => {
      if (!stick.current) {
        stick.current = true
        onAtBottomChange?.(true)
      }
      const el = scrollerRef.current
      if (el !== null) el.scrollTop = el.scrollHeight
    },
    scrollToKey: key => {
      const el = scrollerRef.current
      const at = current.current
      const i = at.keys.indexOf(key)
      if (el === null || i < 0) return false
      const top = Math.max(0, at.top + (at.offsets[i] ?? 0) - SCROLL_TO_MARGIN_PX)
      if (top >= el.scrollHeight - el.clientHeight - AT_BOTTOM_SLACK_PX) return true // already in the last screen
      if (stick.current) {
        stick.current = false
        onAtBottomChange?.(false)
      }
      anchor.current = { key, delta: at.top + (at.offsets[i] ?? 0) - top }
      el.scrollTop = top
      setScrollTop(top)
      return true
    },
    scroller: () => scrollerRef.current
  }), [onAtBottomChange])

  // sizes that change later (wrapping after a resize, fonts, the viewport itself): re-render now
  if (observer.current === null && typeof ResizeObserver !== 'undefined') {
    observer.current = new ResizeObserver(entries => {
      let changed = false
      for (const entry of entries) {
        const target = entry.target as HTMLElement
        if (target === scrollerRef.current) {
          changed = true
          continue
        }
        const key = target.dataset.key
        if (key === undefined) continue
        const height = entry.borderBoxSize[0]?.blockSize ?? target.getBoundingClientRect().height
        changed ||= heights.current.get(key) !== height
      }
      if (changed) flushSync(() => { setVersion(n => n + 1) })
    })
  }

  useLayoutEffect(() => {
    const el = scrollerRef.current
    const watcher = observer.current
    if (el === null || watcher === null) return
    watcher.observe(el)
    return () => { watcher.unobserve(el) }
  }, [])

  // one ref callback per key, so that React does not detach and re-attach items on every render
  const refs = useRef(new Map<string, (node: HTMLElement | null) => (() => void) | undefined>())
  const itemRef = (key: string): ((node: HTMLElement | null) => (() => void) | undefined) => {
    let callback = refs.current.get(key)
    if (callback === undefined) {
      callback = node => {
        if (node === null) return undefined
        const watcher = observer.current
        elements.current.set(key, node)
        watcher?.observe(node)
        return () => {
          watcher?.unobserve(node)
          if (elements.current.get(key) === node) elements.current.delete(key)
        }
      }
      refs.current.set(key, callback)
    }
    return callback
  }

  // after every render, before paint: measure what is mounted, lay out again, re-anchor
  useLayoutEffect(() => {
    const el = scrollerRef.current
    const inner = innerRef.current
    if (el === null || inner === null) return
    let dirty = false
    const height = el.clientHeight
    if (height !== viewport) dirty = true
    for (const [key, node] of elements.current) {
      const measured = node.getBoundingClientRect().height
      if (heights.current.get(key) !== measured) {
        heights.current.set(key, measured)
        dirty = true
      }
    }
    const next = dirty ? computeLayout(keys, heights.current, estimatedHeight, height, gapPx) : layout
    // the new height first, so that the scroll position below is not clamped to the old one
    if (dirty) inner.style.height = `${next.height}px`
    const maxTop = Math.max(0, next.height - el.clientHeight)
    let wanted = el.scrollTop
    if (stick.current) {
      wanted = maxTop
    } else if (anchor.current !== null) {
      const i = next.keys.indexOf(anchor.current.key)
      if (i >= 0) wanted = Math.min(maxTop, Math.max(0, next.top + (next.offsets[i] ?? 0) - anchor.current.delta))
    }
    if (Math.abs(wanted - el.scrollTop) >= 1) el.scrollTop = wanted
    if (!stick.current) takeAnchor(el, next)
    if (!dirty && Math.abs(el.scrollTop - scrollTop) < 1) return

    // render again (the window moved or sizes changed); bounded per frame, the rest next frame
    const frame = Math.floor(performance.now() / 16)
    if (passes.current.frame !== frame) passes.current = { count: 0, frame }
    const apply = (): void => {
      setViewport(height)
      setScrollTop(el.scrollTop)
      setVersion(n => n + 1)
    }
    if (++passes.current.count <= PASSES_PER_FRAME) apply()
    else requestAnimationFrame(apply)
  })

  // older items when near the top (also when the first page does not fill the viewport)
  useEffect(() => {
    const el = scrollerRef.current
    if (el !== null && el.scrollTop < nearTopPx && count > 0) onNearTop?.()
  }, [count, nearTopPx, onNearTop, scrollTop])

  // forget heights and refs of items that left the list
  const lastItems = useRef(items)
  useEffect(() => {
    if (lastItems.current === items) return
    lastItems.current = items
    const present = new Set(keys)
    for (const key of heights.current.keys()) {
      if (!present.has(key)) heights.current.delete(key)
    }
    for (const key of refs.current.keys()) {
      if (!present.has(key) && !elements.current.has(key)) refs.current.delete(key)
    }
  })

  const rows: ReactNode[] = []
  for (let i = first; i < end; i++) {
    const item = items[i]
    const key = keys[i]
    if (item === undefined || key === undefined) continue
    const attributes: HTMLAttributes<HTMLDivElement> = itemAttributes?.(item) ?? {}
    rows.push(
      <div
        key={key}
        ref={itemRef(key)}
        role='listitem'
        aria-setsize={count}
        aria-posinset={i + 1}
        data-key={key}
        className='virtual-list-item'
        style={{ transform: `translateY(${layout.top + (layout.offsets[i] ?? 0)}px)` }}
        {...attributes}
      >
        {renderItem(item, i)}
      </div>
    )
  }

  return (
    <div className={`virtual-list ${className ?? ''}`}>
      {overlay}
      <div ref={scrollerRef} className='virtual-list-scroller' onScroll={onScroll}>
        <div ref={innerRef} role='list' aria-label={label} className='virtual-list-inner' style={{ height: `${layout.height}px` }}>
          {rows}
        </div>
      </div>
      {count === 0 && empty !== undefined && <div className='virtual-list-empty'>{empty}</div>}
    </div>
  )
}
