/**
 * How much of a message a notification shows: its first 120 characters (whole code points, so
 * an emoji is never cut in half), then an ellipsis. Shared by Electron's native notifications
 * and the web UI's browser ones. Pure.
 */

/** Characters of a message shown in its notification. */
const PREVIEW_LENGTH = 120

export function notificationPreview (text: string): string {
  const chars = [...text]
  return chars.length > PREVIEW_LENGTH ? `${chars.slice(0, PREVIEW_LENGTH).join('')}…` : text
}
