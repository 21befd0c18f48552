/**
 * How a contact can be reached right now: direct, relayed or offline (data-reachability).
 * While the node itself cannot be reached, the last answer is stale: greyed, "unknown".
 */

import type { ReactNode } from 'react'
import type { Reachability } from '../../../core/api/index.ts'
import { reachabilityLabel } from '../state/format.ts'

const descriptions: Record<Reachability, string> = {
  direct: 'Connected directly',
  relayed: 'Reachable through a relay',
  offline: 'Not reachable now: messages wait in the outbox or a mailbox'
}

export function ReachabilityBadge ({ reachability, stale = false }: { reachability: Reachability, stale?: boolean }): ReactNode {
  if (stale) {
    return (
      <span className='badge reach reach-stale' data-reachability='unknown' title='Unknown while your Tim node is unreachable'>
        <span className='dot' aria-hidden='true' />Unknown
      </span>
    )
  }
  return (
    <span className={`badge reach reach-${reachability}`} data-reachability={reachability} title={descriptions[reachability]}>
      <span className='dot' aria-hidden='true' />{reachabilityLabel(reachability)}
    </span>
  )
}
