/**
 * A caller's AbortSignal bounded by a deadline: aborts when the caller aborts or when `ms`
 * pass, whichever comes first. The caller gives the time; rooms never bury it.
 */

export function withDeadline (signal: AbortSignal | undefined, ms: number): AbortSignal {
  const deadline = AbortSignal.timeout(ms)
  return signal == null ? deadline : AbortSignal.any([signal, deadline])
}
