/**
 * Part of the settings' connectivity panel: what this node does for others. Every node that
 * others can reach from outside serves the network (DHT server, relay reservations, mail held
 * for offline people); behind a NAT it stays a client. Shows whether and why it serves, its DHT
 * mode, the reservations and mail it holds, and a switch to opt out (or back in), which the
 * node keeps across restarts (`setServing`). Renders from the node's statistics only.
 */

import { useEffect, useState, type ReactNode } from 'react'
import type { ServeMode, ServingStats } from '../../../core/api/index.ts'
import { useTransport } from '../state/use-messenger.tsx'
import { normalizeError } from '../transport/index.ts'
import { ErrorAlert } from './error-alert.tsx'

const REASONS: Record<ServingStats['reason'], string> = {
  relay: 'this node is a relay',
  forced: 'this node was started as reachable (--reachable)',
  'public-address': 'others can reach this node at a public address',
  'not-reachable': 'this node is not reachable from outside (behind a NAT, or not confirmed yet)',
  'opted-out': 'you turned serving off'
}

/** 1536 → "1.5 KiB" */
export function formatBytes (bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KiB', 'MiB', 'GiB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit] as string}`
}

export interface ServingPanelProps {
  /** null while the statistics are not read yet; undefined when the node does not say */
  serving: ServingStats | null | undefined
  /** reread the statistics after a change */
  onChanged: () => void
}

export function ServingPanel ({ serving, onChanged }: ServingPanelProps): ReactNode {
  const transport = useTransport()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<Error | null>(null)
  // the switch shows the user's choice at once; the statistics catch up
  const [wanted, setWanted] = useState<ServeMode | null>(null)
  const mode = serving?.mode
  useEffect(() => { if (mode !== undefined && mode === wanted) setWanted(null) }, [mode, wanted])
  if (serving === undefined) return null

  const toggle = (on: boolean): void => {
    const next: ServeMode = on ? 'auto' : 'off'
    setBusy(true)
    setError(null)
    setWanted(next)
    transport.setServing({ mode: next }).then(() => { onChanged() }, (err: unknown) => {
      setWanted(null)
      setError(normalizeError(err))
    }).finally(() => { setBusy(false) })
  }

  return (
    <div className='serving-panel' data-testid='serving'>
      <h3 className='subhead'>Serving the network</h3>
      <label className='switch-row'>
        <input
          type='checkbox'
          role='switch'
          checked={(wanted ?? serving?.mode ?? 'auto') === 'auto'}
          disabled={serving === null || busy || serving.reason === 'relay'}
          onChange={event => { toggle(event.currentTarget.checked) }}
        />
        <span>Help carry the network while this node is reachable from outside</span>
      </label>
      <p className='muted small'>
        A reachable node answers DHT lookups, relays for peers behind NATs and keeps encrypted mail for people who are
        offline (it never sees what the mail says), within small limits.
      </p>
      <ErrorAlert error={error} title='Could not change this setting' />
      <dl className='facts'>
        <dt>Serving now</dt>
        <dd data-testid='serving-now'>{serving === null ? '…' : `${serving.serving ? 'yes' : 'no'}: ${REASONS[serving.reason]}`}</dd>
        <dt>DHT</dt>
        <dd>{serving === null ? '…' : serving.dhtMode === 'server' ? 'server (answers lookups)' : 'client'}</dd>
        <dt>Relay reservations</dt>
        <dd>{serving === null ? '…' : `${serving.reservations.count} of ${serving.reservations.max}`}</dd>
        <dt>Mail held for others</dt>
        <dd data-testid='serving-mail'>
          {serving === null
            ? '…'
            : `${serving.mailbox.messages} message${serving.mailbox.messages === 1 ? '' : 's'} (${formatBytes(serving.mailbox.bytes)}) for ${serving.mailbox.accounts} account${serving.mailbox.accounts === 1 ? '' : 's'}`}
        </dd>
      </dl>
    </div>
  )
}
