/**
 * A QR code drawn as one SVG path from the `qrcode` package's module matrix: crisp at any
 * size, no canvas, no inline styles. Always dark on light (scanners expect it), with the
 * quiet zone the standard asks for.
 */

import QRCode from 'qrcode'
import { useMemo, type ReactNode } from 'react'

const QUIET_ZONE = 4

export function QrCode ({ value, label }: { value: string, label: string }): ReactNode {
  const drawn = useMemo(() => {
    try {
      const { modules } = QRCode.create(value, { errorCorrectionLevel: 'M' })
      let d = ''
      for (let row = 0; row < modules.size; row++) {
        for (let col = 0; col < modules.size; col++) {
          if (modules.get(row, col) !== 0) d += `M${col + QUIET_ZONE} ${row + QUIET_ZONE}h1v1h-1z`
        }
      }
      return { d, size: modules.size + QUIET_ZONE * 2 }
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) }
    }
  }, [value])

  if ('error' in drawn) {
    return <p className='muted'>This link is too long for a QR code: share it as text.</p>
  }
  return (
    <svg className='qr-code' viewBox={`0 0 ${drawn.size} ${drawn.size}`} role='img' aria-label={label} shapeRendering='crispEdges'>
      <rect width={drawn.size} height={drawn.size} className='qr-light' />
      <path d={drawn.d} className='qr-dark' />
    </svg>
  )
}
