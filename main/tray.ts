/**
 * tray — the system tray icon and its menu (Show, Quit). The icon is drawn here (a filled
 * disc), so the app ships no image for it. Does nothing itself: the actions are given.
 */

import { Menu, Tray, nativeImage, type NativeImage } from 'electron'

export interface TrayActions {
  show: () => void
  quit: () => void
}

/** BGRA pixels of Tim's colour (#2f6fdf), antialiased at the edge. */
const COLOUR = { b: 0xdf, g: 0x6f, r: 0x2f }
const ICON_PIXELS = 32
const ICON_SCALE = 2

function trayIcon (): NativeImage {
  const size = ICON_PIXELS
  const pixels = Buffer.alloc(size * size * 4)
  const centre = (size - 1) / 2
  const radius = size / 2 - 1
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const coverage = Math.min(1, Math.max(0, radius - Math.hypot(x - centre, y - centre) + 0.5))
      const i = (y * size + x) * 4
      pixels[i] = COLOUR.b
      pixels[i + 1] = COLOUR.g
      pixels[i + 2] = COLOUR.r
      pixels[i + 3] = Math.round(coverage * 255)
    }
  }
  return nativeImage.createFromBitmap(pixels, { width: size, height: size, scaleFactor: ICON_SCALE })
}

/** The tray icon; keep the returned object referenced, or it disappears when collected. */
export function createTray (actions: TrayActions): Tray {
  const tray = new Tray(trayIcon())
  tray.setToolTip('Tim')
  tray.setContextMenu(Menu.buildFromTemplate([
    { label: 'Show Tim', click: actions.show },
    { type: 'separator' },
    { label: 'Quit', click: actions.quit }
  ]))
  tray.on('click', actions.show)
  return tray
}
