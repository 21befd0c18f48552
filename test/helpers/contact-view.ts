/**
 * What one test peer's user sees of another in the contact list: `contactOf` reads it,
 * `seesOnline` waits (bounded) until it shows the other online.
 */

import type { Contact } from '../../core/api/index.ts'
import { waitFor } from './wait-for.ts'
import type { TestPeer } from './peers.ts'

export async function contactOf (peer: TestPeer, other: TestPeer): Promise<Contact | undefined> {
  return (await peer.node.api.listContacts()).find(contact => contact.accountId === other.account)
}

export async function seesOnline (peer: TestPeer, other: TestPeer): Promise<void> {
  await waitFor(() => contactOf(peer, other), contact => contact?.presence.status === 'online', { what: `${peer.name} to see ${other.name} online` })
}
