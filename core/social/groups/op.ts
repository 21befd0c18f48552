/**
 * Signed group ops: one operation of a group's membership log as this room handles it, made
 * and signed by this device (createGroupOp) or decoded and verified from a peer's bytes
 * (verifyGroupOp: the wire guards, the author's device certificate, the device signature).
 * An op's id is the SHA-256 of its encoding; the genesis op's id is the group id. Whether the
 * author may do what the op says is not decided here (rules.ts, at the op's place in the log).
 */

import {
  InvalidArgumentError, InvalidGroupOpError, InvalidSignatureError, type AccountId
} from '../../api/index.ts'
import { sha256, verifySignature, type Bytes, type Signer } from '../../crypto/index.ts'
import { accountIdFromPublicKey, verifyDeviceCertificate, type VerifiedDevice } from '../../identity/index.ts'
import {
  GROUP_OP_VERSION, decodeGroupOp, encodeGroupOp, groupOpSigningBytes, validateCertificate, validateGroupOp,
  type DeviceCertificate, type GroupOp
} from '../../wire/index.ts'

export type GroupAction =
  | { kind: 'create', name: string, topic: string, avatar: Uint8Array, open: boolean, linkSecret: Uint8Array, nonce: Uint8Array }
  | { kind: 'add', accounts: Uint8Array[] }
  | { kind: 'join', proof: Uint8Array }
  | { kind: 'remove', account: Uint8Array }
  | { kind: 'leave' }
  | { kind: 'dissolve' }
  | { kind: 'transfer', account: Uint8Array }
  | { kind: 'set-role', account: Uint8Array, role: 'manager' | 'member' }
  | { kind: 'mute', account: Uint8Array, until: number }
  | { kind: 'edit', name?: string, topic?: string, avatar?: Uint8Array, open?: boolean }
  | { kind: 'set-link', linkSecret: Uint8Array }

export type GroupActionKind = GroupAction['kind']

export interface SignedGroupOp {
  id: Bytes
  /** hex of id, for maps (hex order is the ids' byte order) */
  key: string
  /** the group id; equal to id for the genesis op */
  group: Bytes
  /** ascending, none for the genesis op */
  parents: Bytes[]
  author: VerifiedDevice
  /** the author's clock, ms since epoch: shown, never trusted for order */
  timestamp: number
  action: GroupAction
  /** the accounts the action names, as account ids (add: each; remove, transfer, set-role, mute: the one) */
  targets: AccountId[]
  /** the op's encoding (its id is their SHA-256) */
  bytes: Uint8Array
}

export interface CreateGroupOpInit {
  /** the device key (identity.deviceSigner): the key inside the certificate's device PeerId */
  signer: Signer
  certificate: DeviceCertificate
  /** absent for the genesis (create) op */
  group?: Uint8Array
  /** the author's current heads */
  parents: Uint8Array[]
  action: GroupAction
  timestamp?: number
}

const JOIN_PROOF_DOMAIN = new TextEncoder().encode('tim-group-join')

/** What a join op shows: SHA-256("tim-group-join" ‖ group ‖ joining account key ‖ link secret). */
export function joinProof (group: Uint8Array, account: Uint8Array, linkSecret: Uint8Array): Uint8Array {
  return sha256(JOIN_PROOF_DOMAIN, group, account, linkSecret)
}

export function opKey (id: Uint8Array): string {
  return Buffer.from(id).toString('hex')
}

/** The parents in the order ops name them: ascending bytes. */
export function sortIds (ids: Uint8Array[]): Uint8Array[] {
  return [...ids].sort((a, b) => Buffer.compare(a, b))
}

const EMPTY = new Uint8Array(0)

/** The wire op's action field (protons only reads the bytes, whatever buffer holds them). */
function actionFields (action: GroupAction): Record<string, object> {
  switch (action.kind) {
    case 'create': {
      const { name, topic, avatar, open, linkSecret, nonce } = action
      return { create: { name, topic, avatar, open, linkSecret, nonce } }
    }
    case 'add': return { add: { accounts: action.accounts } }
    case 'join': return { join: { proof: action.proof } }
    case 'remove': return { remove: { account: action.account } }
    case 'leave': return { leave: {} }
    case 'dissolve': return { dissolve: {} }
    case 'transfer': return { transfer: { account: action.account } }
    case 'set-role': return { setRole: { account: action.account, role: action.role === 'manager' ? 1 : 0 } }
    case 'mute': return { mute: { account: action.account, until: BigInt(action.until) } }
    case 'edit': return { edit: { name: action.name, topic: action.topic, avatar: action.avatar, open: action.open } }
    case 'set-link': return { setLink: { linkSecret: action.linkSecret } }
  }
}

function actionOf (op: GroupOp): GroupAction {
  if (op.create != null) return { kind: 'create', ...op.create }
  if (op.add != null) return { kind: 'add', accounts: op.add.accounts }
  if (op.join != null) return { kind: 'join', proof: op.join.proof }
  if (op.remove != null) return { kind: 'remove', account: op.remove.account }
  if (op.leave != null) return { kind: 'leave' }
  if (op.dissolve != null) return { kind: 'dissolve' }
  if (op.transfer != null) return { kind: 'transfer', account: op.transfer.account }
  if (op.setRole != null) return { kind: 'set-role', account: op.setRole.account, role: op.setRole.role === 1 ? 'manager' : 'member' }
  if (op.mute != null) return { kind: 'mute', account: op.mute.account, until: Number(op.mute.until) }
  if (op.edit != null) {
    const { name, topic, avatar, open } = op.edit
    return { kind: 'edit', ...(name != null && { name }), ...(topic != null && { topic }), ...(avatar != null && { avatar }), ...(open != null && { open }) }
  }
  if (op.setLink != null) return { kind: 'set-link', linkSecret: op.setLink.linkSecret }
  throw new InvalidGroupOpError('a group op carries no action') // validateGroupOp refuses it first
}

function targetsOf (action: GroupAction): AccountId[] {
  if (action.kind === 'add') return action.accounts.map(accountIdFromPublicKey)
  if ('account' in action) return [accountIdFromPublicKey(action.account)]
  return []
}

/**
 * Refuses an op that names itself as a parent: the one cycle a peer could claim (any other
 * would need a SHA-256 collision, op ids being hashes of what names the parents).
 */
export function requireNotOwnParent (op: { key: string, parents: Uint8Array[] }): void {
  if (op.parents.some(parent => opKey(parent) === op.key)) {
    throw new InvalidGroupOpError('a group op names itself as its parent')
  }
}

function signedOp (op: GroupOp, author: VerifiedDevice, bytes: Uint8Array): SignedGroupOp {
  const id = sha256(bytes)
  const key = opKey(id)
  requireNotOwnParent({ key, parents: op.parents })
  const action = actionOf(op)
  return {
    id,
    key,
    group: op.group.byteLength === 0 ? id : op.group,
    parents: op.parents,
    author,
    timestamp: Number(op.timestamp),
    action,
    targets: targetsOf(action),
    bytes
  }
}

/** Makes and signs an op of this device; throws the error a peer would refuse it with. */
export function createGroupOp (init: CreateGroupOpInit): SignedGroupOp {
  const author = verifyDeviceCertificate(validateCertificate(init.certificate))
  if (Buffer.compare(author.deviceSigningKey, init.signer.publicKey) !== 0) {
    throw new InvalidArgumentError('the signer is not the device key of the certificate')
  }
  const unsigned = validateGroupOp({
    version: GROUP_OP_VERSION,
    group: init.group ?? EMPTY,
    parents: sortIds(init.parents),
    author: init.certificate,
    timestamp: BigInt(init.timestamp ?? Date.now()),
    ...actionFields(init.action),
    signature: EMPTY
  } as GroupOp, true)
  const op = { ...unsigned, signature: init.signer.sign(groupOpSigningBytes(unsigned)) }
  return signedOp(op, author, encodeGroupOp(op))
}

/**
 * Decodes and verifies a peer's op: the wire guards (decodeGroupOp), the author's device
 * certificate, the device's signature. Typed errors: FrameTooLargeError, MalformedFrameError,
 * UnsupportedVersionError, InvalidGroupOpError, UncertifiedDeviceError, InvalidSignatureError.
 */
export function verifyGroupOp (bytes: Uint8Array): SignedGroupOp {
  const op = decodeGroupOp(bytes)
  const author = verifyDeviceCertificate(validateCertificate(op.author as DeviceCertificate))
  if (!verifySignature(author.deviceSigningKey, groupOpSigningBytes(op), op.signature)) {
    throw new InvalidSignatureError(`a group op is not signed by device ${author.deviceId} of the account its certificate names`)
  }
  return signedOp(op, author, bytes)
}
