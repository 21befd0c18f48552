/**
 * A message's text with a small, safe markdown subset: `code`, **bold**, *italic* or
 * _italic_, and http(s) links that open in a new tab without an opener or a referrer (in
 * Electron, main's window-open policy hands them to the system browser). Everything is
 * built as React elements from plain strings: raw HTML is shown as the text it is.
 */

import type { ReactNode } from 'react'

/** code first (nothing inside it is formatted), then links, bold, italic */
const TOKEN = /(`[^`\n]+`)|(https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]}])|(\*\*[^*\n]+\*\*)|(\*[^*\s][^*\n]*\*|_[^_\s][^_\n]*_)/g

function formatted (text: string, key: string): ReactNode[] {
  const nodes: ReactNode[] = []
  let last = 0
  let n = 0
  for (const match of text.matchAll(TOKEN)) {
    const [whole, code, link, bold, italic] = match
    const at = match.index
    if (at > last) nodes.push(text.slice(last, at))
    const k = `${key}-${n++}`
    if (code !== undefined) nodes.push(<code key={k} className='inline-code'>{code.slice(1, -1)}</code>)
    else if (link !== undefined) nodes.push(<a key={k} href={link} target='_blank' rel='noopener noreferrer'>{link}</a>)
    else if (bold !== undefined) nodes.push(<strong key={k}>{formatted(bold.slice(2, -2), k)}</strong>)
    else if (italic !== undefined) nodes.push(<em key={k}>{formatted(italic.slice(1, -1), k)}</em>)
    last = at + whole.length
  }
  if (last < text.length) nodes.push(text.slice(last))
  return nodes
}

export function RichText ({ text }: { text: string }): ReactNode {
  return <>{formatted(text, 't')}</>
}
