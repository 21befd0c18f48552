/**
 * Counters of what peers sent: envelopes received, delivered and dropped from blocked
 * contacts, and rejections by error name. Only the typed wire errors count as rejections;
 * ordinary stream ends (a peer going away) are not faults of anyone's bytes.
 */

import type { NodeStats } from '../api/index.ts'

const REJECTION_NAMES = new Set([
  'MalformedFrameError', 'FrameTooLargeError', 'UnsupportedVersionError', 'InvalidSignatureError',
  'UncertifiedDeviceError', 'ReplayedEnvelopeError', 'MisaddressedEnvelopeError',
  'DecryptionFailedError', 'RateLimitedError', 'MailboxQuotaExceededError', 'PayloadBindingError',
  'DeviceClaimedError', 'RequestLimitError', 'ContactBlockedError'
])

export interface Stats {
  received: number
  delivered: number
  blocked: number
  /** counts `err` when it is a rejection of what a peer sent */
  fault: (err: Error) => void
  snapshot: () => Omit<NodeStats, 'connections'>
}

export function createStats (): Stats {
  const rejected: Record<string, number> = {}
  const stats: Stats = {
    received: 0,
    delivered: 0,
    blocked: 0,
    fault: (err) => {
      if (REJECTION_NAMES.has(err.name)) {
        rejected[err.name] = (rejected[err.name] ?? 0) + 1
      }
    },
    snapshot: () => ({ rejected: { ...rejected }, received: stats.received, delivered: stats.delivered, blocked: stats.blocked })
  }
  return stats
}
