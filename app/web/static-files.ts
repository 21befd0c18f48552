/**
 * The built renderer as files on disk: maps a request path to a file inside the static
 * directory, and a file name to its content type. Refuses what must never be served: paths
 * that are not valid percent-encoding, that hold `..`, `.` or empty segments, backslashes or
 * NUL (encoded or not), dot-files, directories (no listing), and anything whose real path
 * (after symlinks) lies outside the static directory. Reads nothing but the static directory.
 */

import { realpath, stat } from 'node:fs/promises'
import { extname, join, sep } from 'node:path'

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm'
}

export function contentTypeOf (file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
}

/** The page served for `/`. */
export const INDEX_FILE = 'index.html'

export type StaticLookup =
  | { kind: 'file', path: string, size: number, contentType: string }
  /** 400: the path is not well-formed */
  | { kind: 'bad-request', reason: string }
  /** 403: the path tries to leave the static directory or name a hidden file */
  | { kind: 'forbidden', reason: string }
  /** 404 */
  | { kind: 'not-found' }

/**
 * The segments of a raw request target's path (`/assets/app.js?x` → ['assets', 'app.js']),
 * or why it is refused. Works on the raw target, before any URL normalisation, so that
 * `/../x` and `/%2e%2e/x` are seen as what they are rather than silently rewritten.
 */
export function pathSegments (rawTarget: string): string[] | Exclude<StaticLookup, { kind: 'file' } | { kind: 'not-found' }> {
  const rawPath = rawTarget.split(/[?#]/, 1)[0] ?? ''
  if (!rawPath.startsWith('/')) return { kind: 'bad-request', reason: 'the path must start with /' }
  const rawSegments = rawPath.slice(1).split('/')
  const segments: string[] = []
  for (const [index, raw] of rawSegments.entries()) {
    let segment: string
    try {
      segment = decodeURIComponent(raw)
    } catch {
      return { kind: 'bad-request', reason: 'the path is not valid percent-encoding' }
    }
    if (segment.includes('\0')) return { kind: 'bad-request', reason: 'the path holds a NUL byte' }
    if (segment.includes('/') || segment.includes('\\')) return { kind: 'forbidden', reason: 'the path holds an encoded slash or a backslash' }
    if (segment === '..' || segment === '.') return { kind: 'forbidden', reason: 'the path holds a dot segment' }
    if (segment === '') {
      // only a trailing slash may be empty: `/a//b` is refused
      if (index === rawSegments.length - 1) continue
      return { kind: 'forbidden', reason: 'the path holds an empty segment' }
    }
    if (segment.startsWith('.')) return { kind: 'forbidden', reason: 'hidden files are not served' }
    segments.push(segment)
  }
  return segments
}

/** Finds the file a request target names inside `root` (which must be a real, absolute path). */
export async function lookupStatic (root: string, rawTarget: string): Promise<StaticLookup> {
  const segments = pathSegments(rawTarget)
  if (!Array.isArray(segments)) return segments
  const relative = segments.length === 0 ? [INDEX_FILE] : segments
  const candidate = join(root, ...relative)
  let real: string
  try {
    real = await realpath(candidate)
  } catch {
    return { kind: 'not-found' }
  }
  if (!real.startsWith(root + sep)) {
    return { kind: 'forbidden', reason: 'the path leads outside the UI folder' }
  }
  const info = await stat(real).catch(() => undefined)
  if (info === undefined || !info.isFile()) {
    // a directory (no listing) or something that is not a plain file
    return { kind: 'not-found' }
  }
  return { kind: 'file', path: real, size: info.size, contentType: contentTypeOf(real) }
}
