/**
 * What the membership log tests share: people with an account and one certified device (in
 * memory, no keystore), ops written by them, raw wire ops signed as a hostile peer would, and
 * a group's state as text that two members can compare.
 */

import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { createSigner, generateBoxKeyPair, generateSigningKeyPair, randomBytes, signingKeyPairFromSeed, type Bytes, type Signer } from '../../../core/crypto/index.ts'
import type { AccountId } from '../../../core/api/index.ts'
import { accountIdFromPublicKey, issueDeviceCertificate } from '../../../core/identity/index.ts'
import { createGroupOp, type GroupAction, type SignedGroupOp } from '../../../core/social/groups/op.ts'
import type { GroupState } from '../../../core/social/groups/state.ts'
import { encodeGroupOp, groupOpSigningBytes, type DeviceCertificate, type GroupOp } from '../../../core/wire/index.ts'

export interface Person {
  name: string
  accountSigner: Signer
  accountKey: Bytes
  accountId: AccountId
  /** the device key: it signs the person's ops */
  deviceSigner: Signer
  certificate: DeviceCertificate
}

export async function person (name: string): Promise<Person> {
  const accountSigner = createSigner(generateSigningKeyPair())
  const deviceKey = await generateKeyPair('Ed25519')
  const certificate = issueDeviceCertificate({
    accountSigner, deviceId: peerIdFromPrivateKey(deviceKey).toString(), boxKey: generateBoxKeyPair().publicKey, name
  })
  return {
    name,
    accountSigner,
    accountKey: accountSigner.publicKey,
    accountId: accountIdFromPublicKey(accountSigner.publicKey),
    deviceSigner: createSigner(signingKeyPairFromSeed(deviceKey.raw.slice(0, 32))),
    certificate
  }
}

export async function people<const Names extends readonly string[]> (...names: Names): Promise<{ [K in Names[number]]: Person }> {
  const all = await Promise.all(names.map(person))
  return Object.fromEntries(all.map(p => [p.name, p])) as { [K in Names[number]]: Person }
}

/** The genesis op of a group `owner` makes. */
export function createGroup (owner: Person, init: { open?: boolean, name?: string, linkSecret?: Uint8Array } = {}): SignedGroupOp {
  return createGroupOp({
    signer: owner.deviceSigner,
    certificate: owner.certificate,
    parents: [],
    action: {
      kind: 'create',
      name: init.name ?? 'Climbers',
      topic: '',
      avatar: new Uint8Array(0),
      open: init.open ?? false,
      linkSecret: init.linkSecret ?? randomBytes(32),
      nonce: randomBytes(16)
    }
  })
}

/** An op `by` writes in the group of `genesis`, following `parents`. */
export function opBy (by: Person, genesis: SignedGroupOp, parents: SignedGroupOp[], action: GroupAction, timestamp?: number): SignedGroupOp {
  return createGroupOp({
    signer: by.deviceSigner,
    certificate: by.certificate,
    group: genesis.id,
    parents: parents.map(parent => parent.id),
    action,
    timestamp
  })
}

/**
 * The bytes of a wire op as a hostile peer could send them: every field as given (no checks),
 * signed by `by`'s device unless `signature` is given.
 */
export function rawOp (by: Person, fields: Partial<GroupOp>): Uint8Array {
  const op: GroupOp = {
    version: 1,
    group: new Uint8Array(0),
    parents: [],
    author: by.certificate,
    timestamp: BigInt(Date.now()),
    signature: new Uint8Array(0),
    ...fields
  }
  return encodeGroupOp({ ...op, signature: fields.signature ?? by.deviceSigner.sign(groupOpSigningBytes(op)) })
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')

/** The state as text (sorted), so that two logs' states compare with one assertion. */
export function stateText (state: GroupState): string {
  return JSON.stringify({
    name: state.name,
    topic: state.topic,
    avatar: hex(state.avatar),
    open: state.open,
    linkSecret: hex(state.linkSecret),
    owner: state.owner,
    dissolved: state.dissolved,
    members: [...state.members].sort(([a], [b]) => a < b ? -1 : 1),
    removed: [...state.removed].sort(),
    left: [...state.left].sort()
  })
}
