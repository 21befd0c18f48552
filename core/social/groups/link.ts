/**
 * Group invite links: `tim://group/<group id>/<link secret>?open=1&via=<invite>`. The secret
 * (base58btc) proves the holder was given the link (join requests carry a proof made from it,
 * op.ts `joinProof`); `via` is the invite (core/identity/invite.ts) of the member device that
 * made the link, the one a joiner asks; `open` says whether the group joined directly when the
 * link was made (a hint: the group's log decides). Pure helpers.
 */

import { fromString, toString } from 'uint8arrays'
import { InvalidGroupLinkError } from '../../api/index.ts'
import { groupIdFromString, groupIdToString } from './group-id.ts'

const PREFIX = 'tim://group/'
const SECRET_BYTES = 32
const MAX_LINK_LENGTH = 4096

export interface GroupLink {
  group: Uint8Array
  linkSecret: Uint8Array
  open: boolean
  /** the tim://invite link of the device to ask */
  via: string
}

export function createGroupLink (link: GroupLink): string {
  const query = new URLSearchParams({ ...(link.open ? { open: '1' } : {}), via: link.via })
  return `${PREFIX}${groupIdToString(link.group)}/${toString(link.linkSecret, 'base58btc')}?${query.toString()}`
}

/** The parts of a link; InvalidGroupLinkError saying what is wrong otherwise. */
export function parseGroupLink (text: unknown): GroupLink {
  if (typeof text !== 'string' || !text.startsWith(PREFIX) || text.length > MAX_LINK_LENGTH) {
    throw new InvalidGroupLinkError(`a group link starts with ${PREFIX} (and is at most ${MAX_LINK_LENGTH} characters)`)
  }
  const [path, query = ''] = text.slice(PREFIX.length).split('?', 2)
  const [groupText, secretText] = path.split('/')
  const params = new URLSearchParams(query)
  const via = params.get('via')
  try {
    const group = groupIdFromString(groupText ?? '')
    const linkSecret = fromString(secretText ?? '', 'base58btc')
    if (linkSecret.byteLength !== SECRET_BYTES || via == null) throw new Error('incomplete')
    return { group, linkSecret, open: params.get('open') === '1', via }
  } catch {
    throw new InvalidGroupLinkError('this group link is damaged: ask for it again')
  }
}
