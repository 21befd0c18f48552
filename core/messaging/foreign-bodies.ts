/**
 * Bodies that travel between two devices like any 1:1 payload but belong to a room above
 * messaging (groups: sender keys, group ops, join requests). That room registers one handler
 * per kind; messaging passes such a body on, from anyone but a blocked account, and never
 * stores it in a conversation. A kind nobody registered is dropped (acked: it will not open
 * better later). Receipts stay messaging's, but the rooms above hear those for ids of theirs;
 * group messages collected from mailboxes go to the room that registered for them.
 */

import type { VerifiedDevice } from '../identity/index.ts'
import type { Body, DeviceCertificate } from '../wire/index.ts'

export const foreignKinds = ['sender-key', 'group-ops', 'group-join-request'] as const
export type ForeignKind = typeof foreignKinds[number]
export type ForeignBody = Extract<Body, { kind: ForeignKind }>

export function isForeignKind (kind: Body['kind']): kind is ForeignKind {
  return (foreignKinds as readonly string[]).includes(kind)
}

/** resolves once the body is kept (or deliberately dropped), or with the error that refuses it */
export type ForeignHandler<K extends ForeignKind> = (body: Extract<Body, { kind: K }>, sender: VerifiedDevice) => Promise<Error | undefined>

/** delivered or read receipts from a device for message ids (as we named them): the rooms above keep their own messages' */
export type ReceiptListener = (sender: VerifiedDevice, receipt: 'delivered' | 'read', refs: string[]) => Promise<void>

/** a group message collected from this account's mailboxes, with its sender's certificate */
export type GroupMailHandler = (bytes: Uint8Array, sender: DeviceCertificate) => Promise<void>

export interface ForeignBodies {
  register: <K extends ForeignKind>(kind: K, handler: ForeignHandler<K>) => void
  handle: (body: ForeignBody, sender: VerifiedDevice) => Promise<Error | undefined>
  onReceipt: (listener: ReceiptListener) => void
  receipt: ReceiptListener
  onGroupMail: (handler: GroupMailHandler) => void
  /** dropped when no room took group mail */
  groupMail: GroupMailHandler
}

export function createForeignBodies (): ForeignBodies {
  const handlers = new Map<ForeignKind, (body: ForeignBody, sender: VerifiedDevice) => Promise<Error | undefined>>()
  const receiptListeners: ReceiptListener[] = []
  let groupMail: GroupMailHandler = async () => {}
  return {
    register: (kind, handler) => {
      // the map keeps each handler under its own kind, so it only ever gets bodies of that kind
      handlers.set(kind, handler as unknown as (body: ForeignBody, sender: VerifiedDevice) => Promise<Error | undefined>)
    },
    handle: async (body, sender) => await handlers.get(body.kind)?.(body, sender),
    onReceipt: (listener) => { receiptListeners.push(listener) },
    receipt: async (sender, receipt, refs) => {
      for (const listener of receiptListeners) await listener(sender, receipt, refs)
    },
    onGroupMail: (handler) => { groupMail = handler },
    groupMail: async (bytes, sender) => { await groupMail(bytes, sender) }
  }
}
