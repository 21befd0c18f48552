/**
 * The slice of the `qrcode` package the renderer uses, typed here so that the renderer never
 * loads @types/qrcode (which pulls in Node's types). tsconfig `paths` points `qrcode` here;
 * Vite bundles the package's browser build.
 */

export type QRCodeErrorCorrectionLevel = 'L' | 'M' | 'Q' | 'H'

export interface QRCodeOptions {
  errorCorrectionLevel?: QRCodeErrorCorrectionLevel
}

export interface BitMatrix {
  /** modules per side */
  size: number
  /** row-major, one byte per module: 1 dark, 0 light */
  data: Uint8Array
  get: (row: number, col: number) => number
}

export interface QRCode {
  modules: BitMatrix
  version: number
}

export function create (text: string, options?: QRCodeOptions): QRCode

declare const qrcode: { create: typeof create }
export default qrcode
