/**
 * Who of a group has one of our messages, asked of the node when opened (readBy): "Read by
 * N of M", then who read it and who has it but has not read it yet, by name.
 */

import { useEffect, useState, type ReactNode } from 'react'
import type { AccountId, MessageId, ReadByInfo } from '../../../core/api/index.ts'
import { deliveredUnread, readByText } from '../state/groups.ts'
import { useTransport } from '../state/use-messenger.tsx'
import { normalizeError } from '../transport/errors.ts'
import { Dialog } from './dialog.tsx'
import { ErrorAlert } from './error-alert.tsx'

function Names ({ title, accounts, nameOf }: { title: string, accounts: readonly AccountId[], nameOf: (account: AccountId) => string }): ReactNode {
  if (accounts.length === 0) return null
  return (
    <>
      <h3 className='subhead'>{title}</h3>
      <ul className='read-by-list' aria-label={title}>
        {accounts.map(account => <li key={account}>{nameOf(account)}</li>)}
      </ul>
    </>
  )
}

export function ReadByDialog ({ id, nameOf, onClose }: { id: MessageId, nameOf: (account: AccountId) => string, onClose: () => void }): ReactNode {
  const transport = useTransport()
  const [info, setInfo] = useState<ReadByInfo | null>(null)
  const [error, setError] = useState<Error | null>(null)
  useEffect(() => {
    let current = true
    transport.readBy(id).then(
      answer => { if (current) setInfo(answer) },
      (err: unknown) => { if (current) setError(normalizeError(err)) }
    )
    return () => { current = false }
  }, [transport, id])
  return (
    <Dialog open title='Who has this message' onClose={onClose}>
      <ErrorAlert error={error} title='Could not ask who read it' />
      {info === null
        ? error === null && <p className='muted' role='status'>Asking…</p>
        : (
          <>
            <p className='read-by-summary' data-read-by={`${info.read.length}/${info.total}`}>{readByText(info)}</p>
            <Names title='Read' accounts={info.read} nameOf={nameOf} />
            <Names title='Delivered, not read yet' accounts={deliveredUnread(info)} nameOf={nameOf} />
            {info.delivered.length < info.total && <p className='muted small'>{info.total - info.delivered.length} have not got it yet.</p>}
          </>
          )}
      <div className='dialog-actions'><button type='button' className='button' onClick={onClose} autoFocus>Close</button></div>
    </Dialog>
  )
}
