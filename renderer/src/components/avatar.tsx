/** A round initial for a name, its colour picked from the name (decorative). */

import type { ReactNode } from 'react'

const HUES = 8

function hueOf (name: string): number {
  let hash = 0
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0
  return hash % HUES
}

export function Avatar ({ name, size = 'normal' }: { name: string, size?: 'normal' | 'small' }): ReactNode {
  const initial = [...name.trim()][0]?.toUpperCase() ?? '?'
  return <span className={`avatar avatar-${size} hue-${hueOf(name)}`} aria-hidden='true'>{initial}</span>
}
