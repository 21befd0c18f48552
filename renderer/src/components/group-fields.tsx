/**
 * The parts that creating and editing a group share: a group's avatar (its picture, else its
 * initial), the avatar picker (an image file, checked and turned into a data: URL before it
 * is shown), and the picker of contacts to add (checkboxes, contacts already in left out).
 */

import { useId, useState, type ReactNode } from 'react'
import { limits, type AccountId, type GroupInfo } from '../../../core/api/index.ts'
import { avatarFromFile } from '../state/avatar-file.ts'
import { useMessengerState } from '../state/use-messenger.tsx'
import { normalizeError } from '../transport/errors.ts'
import { Avatar } from './avatar.tsx'
import { ErrorAlert } from './error-alert.tsx'

export function GroupAvatar ({ group, size = 'normal' }: { group: Pick<GroupInfo, 'name' | 'avatar'>, size?: 'normal' | 'small' }): ReactNode {
  if (group.avatar === null || !group.avatar.startsWith('data:image/')) return <Avatar name={group.name} size={size} />
  return <img className={`avatar avatar-${size} avatar-image`} src={group.avatar} alt='' />
}

export interface AvatarPickerProps {
  /** the picked image's data: URL, null for none */
  value: string | null
  onChange: (avatar: string | null) => void
}

export function AvatarPicker ({ value, onChange }: AvatarPickerProps): ReactNode {
  const id = useId()
  const [error, setError] = useState<Error | null>(null)
  const pick = async (file: File | undefined): Promise<void> => {
    setError(null)
    if (file === undefined) return
    try {
      onChange(await avatarFromFile(file))
    } catch (err) {
      setError(normalizeError(err))
    }
  }
  return (
    <div className='field'>
      <label htmlFor={id} className='field-label'>Group picture</label>
      <div className='avatar-picker'>
        {value !== null && <GroupAvatar group={{ name: '', avatar: value }} />}
        <input id={id} type='file' accept='image/png,image/jpeg,image/gif,image/webp' onChange={event => { void pick(event.currentTarget.files?.[0]) }} />
        {value !== null && <button type='button' className='button small' onClick={() => { onChange(null) }}>Remove picture</button>}
      </div>
      <span className='hint'>Optional: a PNG, JPEG, GIF or WebP image of at most {limits.maxGroupAvatarBytes / 1024} KiB.</span>
      <ErrorAlert error={error} title='Could not use this picture' />
    </div>
  )
}

export interface ContactPickerProps {
  legend: string
  /** accounts not offered (already members) */
  exclude?: ReadonlySet<AccountId>
  selected: ReadonlySet<AccountId>
  onChange: (selected: ReadonlySet<AccountId>) => void
}

export function ContactPicker ({ legend, exclude, selected, onChange }: ContactPickerProps): ReactNode {
  const contacts = useMessengerState(state => state.contacts)
  const offered = contacts.filter(contact => contact.status === 'accepted' && exclude?.has(contact.accountId) !== true)
  const toggle = (account: AccountId, on: boolean): void => {
    const next = new Set(selected)
    if (on) next.add(account)
    else next.delete(account)
    onChange(next)
  }
  return (
    <fieldset className='contact-picker'>
      <legend className='field-label'>{legend}</legend>
      {offered.length === 0 && <p className='muted small'>No contacts to add.</p>}
      {offered.map(contact => (
        <label key={contact.accountId} className='checkbox'>
          <input type='checkbox' checked={selected.has(contact.accountId)} onChange={event => { toggle(contact.accountId, event.currentTarget.checked) }} />
          {contact.name}
        </label>
      ))}
    </fieldset>
  )
}
