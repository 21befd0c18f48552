/**
 * Errors as the UI sees them: every rejection becomes an Error with its stable `name`
 * (errors that crossed Electron IPC arrive as plain Errors whose message starts with the
 * name), plus the renderer's own LoginRequiredError (web mode without a login link) and
 * SessionEndedError (a stored session the node no longer accepts). A call refused before it
 * left the page is marked (neverSent), so that what it carried can be sent later without
 * risk of sending it twice.
 */

import { errorFromWire, isPlainObject } from '../../../core/api/index.ts'

/** Web mode without a login code or a stored session: open the link the node printed. */
export class LoginRequiredError extends Error {
  override name = 'LoginRequiredError'
}

/** Web mode: the node refused this tab's token (it restarted): a new login link is needed. */
export class SessionEndedError extends Error {
  override name = 'SessionEndedError'
}

/** errors of calls that were refused before they left the page: nothing reached the node */
const refusedLocally = new WeakSet<Error>()

/** Marks `error` as the refusal of a call that never left the page (the connection was down). */
export function neverSent<E extends Error> (error: E): E {
  refusedLocally.add(error)
  return error
}

/** Whether a call failed with `error` before anything of it reached the node (so sending it again cannot repeat it). */
export function wasNeverSent (error: unknown): boolean {
  return error instanceof Error && refusedLocally.has(error)
}

/** `Error invoking remote method 'tim:api:send': MessageTooLargeError: …` and the like. */
const NAMED_MESSAGE = /^(?:Error invoking remote method '[^']*': )?(?:Error: )?([A-Z][A-Za-z0-9]*Error): ([\s\S]*)$/

/** Turns whatever a call rejected with into an Error whose `name` is the stable error name. */
export function normalizeError (err: unknown): Error {
  if (err instanceof Error) {
    if (err.name !== 'Error') return err
    const match = NAMED_MESSAGE.exec(err.message)
    if (match?.[1] !== undefined && match[1] !== 'Error') {
      return errorFromWire({ name: match[1], message: match[2] ?? '' })
    }
    return err
  }
  if (isPlainObject(err) && typeof err.name === 'string' && typeof err.message === 'string') {
    return errorFromWire({ name: err.name, message: err.message })
  }
  return new Error(String(err))
}
