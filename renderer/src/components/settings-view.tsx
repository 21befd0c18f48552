/**
 * Settings: the account (id, copyable), this device and its addresses, the theme,
 * notifications (notification-settings.tsx), the connectivity panel (open connections, what this node serves others and the switch to opt
 * out: serving-panel.tsx; how each contact is reachable), the node's
 * statistics (refreshed while shown), and the relays/bootstrap section — read-only, since
 * the API has no method for it yet.
 */

import { useCallback, useEffect, useState, type ReactNode } from 'react'
import type { NodeStats } from '../../../core/api/index.ts'
import { useConnection, useMessengerState, useTransport } from '../state/use-messenger.tsx'
import { normalizeError } from '../transport/index.ts'
import { CopyField } from './copy-field.tsx'
import { ErrorAlert } from './error-alert.tsx'
import { NotificationSettings } from './notification-settings.tsx'
import { ReachabilityBadge } from './reachability-badge.tsx'
import { ServingPanel } from './serving-panel.tsx'
import { ThemePicker } from './theme-picker.tsx'

const STATS_EVERY_MS = 5000

function useStats (): { stats: NodeStats | null, error: Error | null, refresh: () => void, at: number | null } {
  const transport = useTransport()
  const [stats, setStats] = useState<NodeStats | null>(null)
  const [error, setError] = useState<Error | null>(null)
  const [at, setAt] = useState<number | null>(null)
  const [tick, setTick] = useState(0)

  useEffect(() => {
    const controller = new AbortController()
    transport.stats({ signal: controller.signal }).then(next => {
      setStats(next)
      setError(null)
      setAt(Date.now())
    }, (err: unknown) => {
      if (!controller.signal.aborted) setError(normalizeError(err))
    })
    const timer = setTimeout(() => { setTick(n => n + 1) }, STATS_EVERY_MS)
    return () => {
      controller.abort()
      clearTimeout(timer)
    }
  }, [transport, tick])

  const refresh = useCallback(() => { setTick(n => n + 1) }, [])
  return { stats, error, refresh, at }
}

function Section ({ id, title, children, note }: { id: string, title: string, children: ReactNode, note?: ReactNode }): ReactNode {
  return (
    <section className='settings-section' aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {note !== undefined && <p className='muted small'>{note}</p>}
      {children}
    </section>
  )
}

function AddressList ({ addresses, label }: { addresses: readonly string[], label: string }): ReactNode {
  if (addresses.length === 0) return <p className='muted'>None: this node is not listening anywhere right now.</p>
  return (
    <ul className='address-list mono' aria-label={label}>
      {addresses.map(address => <li key={address}>{address}</li>)}
    </ul>
  )
}

export function SettingsView (): ReactNode {
  const identity = useMessengerState(state => state.identity)
  const contacts = useMessengerState(state => state.contacts)
  const transport = useTransport()
  const { stats, error, refresh, at } = useStats()
  // while the connection is down the banner says so; the failed polls need not
  const connected = useConnection().kind === 'connected'
  if (identity === null) return null
  const rejected = Object.entries(stats?.rejected ?? {}).filter(([, count]) => count > 0)
  const visibleContacts = contacts.filter(contact => contact.status !== 'blocked')

  return (
    <section className='page settings' aria-labelledby='settings-title'>
      <header className='page-header'>
        <h1 id='settings-title'>Settings</h1>
      </header>

      <Section id='settings-account' title='Account'>
        <dl className='facts'>
          <dt>Name</dt><dd>{identity.name}</dd>
        </dl>
        <CopyField label='Account ID' value={identity.accountId} buttonLabel='Copy account ID' />
      </Section>

      <Section id='settings-devices' title='Devices' note='Each device of an account is a node of its own, certified by the account key.'>
        <ul className='device-list' aria-label='Devices'>
          <li>
            <div className='device-title'><strong>This device</strong> <span className='tag'>current</span></div>
            <div className='mono small break' title='Device id (libp2p PeerId)'>{identity.deviceId}</div>
            <h3 className='subhead'>Addresses</h3>
            <AddressList addresses={identity.addresses} label='This device’s addresses' />
          </li>
        </ul>
      </Section>

      <Section id='settings-appearance' title='Appearance'>
        <ThemePicker />
      </Section>

      <Section id='settings-notifications' title='Notifications'>
        <NotificationSettings />
      </Section>

      <Section id='settings-connectivity' title='Connectivity'>
        <dl className='facts'>
          <dt>Open connections</dt><dd data-testid='connections'>{stats === null ? '…' : stats.connections}</dd>
          <dt>API</dt><dd><span className='mono'>{transport.endpoint}</span></dd>
        </dl>
        <ServingPanel serving={stats === null ? null : stats.serving} onChanged={refresh} />
        <h3 className='subhead'>Contacts</h3>
        {visibleContacts.length === 0
          ? <p className='muted'>No contacts yet.</p>
          : (
            <ul className='reach-list' aria-label='Contact reachability'>
              {visibleContacts.map(contact => (
                <li key={contact.accountId}>
                  <span>{contact.name}</span>
                  <ReachabilityBadge reachability={contact.reachability} stale={!connected} />
                  {contact.devices.filter(device => device.connection !== null).map(device => (
                    <span key={device.deviceId} className='muted'>{device.connection}</span>
                  ))}
                  {contact.devices.filter(device => device.upgradeFailure !== undefined).map(device => (
                    <p key={`${device.deviceId}-failure`} className='muted'>No direct connection: {device.upgradeFailure}</p>
                  ))}
                </li>
              ))}
            </ul>
            )}
      </Section>

      <Section id='settings-stats' title='Node statistics'>
        {connected && <ErrorAlert error={error} title='Could not read the statistics' />}
        <dl className='facts'>
          <dt>Messages received</dt><dd>{stats?.received ?? '…'}</dd>
          <dt>Messages delivered</dt><dd>{stats?.delivered ?? '…'}</dd>
          <dt>Dropped from blocked contacts</dt><dd>{stats?.blocked ?? '…'}</dd>
          <dt>Rejected frames</dt>
          <dd>
            {stats === null
              ? '…'
              : rejected.length === 0
                ? 'none'
                : (
                  <ul className='plain'>
                    {rejected.map(([name, count]) => <li key={name}><code>{name}</code>: {count}</li>)}
                  </ul>
                  )}
          </dd>
        </dl>
        <p className='muted small'>
          {at === null ? '' : `Updated ${new Date(at).toLocaleTimeString()}. `}
          <button type='button' className='link-button' onClick={refresh}>Refresh</button>
        </p>
      </Section>

      <Section
        id='settings-relays'
        title='Relays and bootstrap nodes (read-only)'
        note='Which relays and bootstrap nodes this node uses is set when it starts (tim node --bootstrap …); this version of the API cannot list or change them. Shown here: the addresses this node itself listens on, which is what its invite carries.'
      >
        <AddressList addresses={identity.addresses} label='Node addresses' />
      </Section>
    </section>
  )
}
