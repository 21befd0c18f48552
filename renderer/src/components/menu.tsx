/**
 * A menu button: a button (aria-haspopup, aria-expanded) that opens a list of actions
 * (role="menu", role="menuitem"). Arrow keys move between items, Escape or a click elsewhere
 * closes it and gives the focus back to the button.
 */

import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'

export interface MenuItem {
  label: string
  onSelect: () => void
  danger?: boolean
}

export interface MenuProps {
  /** the button's accessible name: "Actions for Bob" */
  label: string
  /** what the button shows (an icon) */
  children: ReactNode
  items: ReadonlyArray<MenuItem | false>
  className?: string
  /** which side the list opens on */
  align?: 'start' | 'end'
}

export function Menu ({ label, children, items, className, align = 'end' }: MenuProps): ReactNode {
  const [open, setOpen] = useState(false)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const listRef = useRef<HTMLDivElement>(null)
  const menuId = useId()
  const shown = items.filter((item): item is MenuItem => item !== false)

  useEffect(() => {
    if (!open) return
    listRef.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus()
    const onPointer = (event: PointerEvent): void => {
      const target = event.target as Node
      if (listRef.current?.contains(target) !== true && buttonRef.current?.contains(target) !== true) setOpen(false)
    }
    document.addEventListener('pointerdown', onPointer)
    return () => { document.removeEventListener('pointerdown', onPointer) }
  }, [open])

  const close = (): void => {
    setOpen(false)
    buttonRef.current?.focus()
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('[role="menuitem"]')]
    const at = buttons.findIndex(button => button === document.activeElement)
    if (event.key === 'Escape') close()
    else if (event.key === 'ArrowDown') buttons[(at + 1) % buttons.length]?.focus()
    else if (event.key === 'ArrowUp') buttons[(at - 1 + buttons.length) % buttons.length]?.focus()
    else if (event.key === 'Tab') setOpen(false)
    else return
    event.preventDefault()
  }

  return (
    <div className={`menu ${className ?? ''}`}>
      <button
        ref={buttonRef}
        type='button'
        className='icon-button'
        aria-label={label}
        aria-haspopup='menu'
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => { setOpen(value => !value) }}
      >
        {children}
      </button>
      {open && (
        <div ref={listRef} id={menuId} role='menu' aria-label={label} className={`menu-list menu-${align}`} onKeyDown={onKeyDown}>
          {shown.map(item => (
            <button
              key={item.label}
              type='button'
              role='menuitem'
              className={`menu-item ${item.danger === true ? 'menu-danger' : ''}`}
              onClick={() => { setOpen(false); item.onSelect() }}
            >
              {item.label}
            </button>
          ))}
        </div>
      )}
    </div>
  )
}
