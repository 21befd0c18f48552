/**
 * Group ops on the wire: the codec of one operation of a group's membership log, with the
 * guards a peer's bytes must pass at decode time (size, version, field lengths, one action,
 * parent count and order, the field limits of each action). Whether the op is signed, by
 * whom, and whether its author may do it is for core/social/groups; this file has no keys.
 * An op's id is the SHA-256 of its bytes, so only its canonical encoding is accepted: the
 * same signed op cannot travel under two ids.
 */

import { InvalidGroupOpError, MalformedFrameError, UnsupportedVersionError } from '../api/index.ts'
import { limits } from '../api/types.ts'
import { ACCOUNT_KEY_BYTES, checkSize, decodeOrThrow, requireLength } from './field-checks.ts'
import { GroupOp, type GroupCreate, type GroupEdit } from './tim.ts'

export { GroupOp }

/** The group op version this node writes and reads (the wire version of tim.proto). */
export const GROUP_OP_VERSION = 1
/** Largest encoded group op accepted. */
export const MAX_GROUP_OP_BYTES = 64 * 1024
/** Group ids and op ids: SHA-256 digests. */
export const GROUP_ID_BYTES = 32
/** An invite link's secret. */
export const GROUP_LINK_SECRET_BYTES = 32
/** The create op's nonce (two groups made alike still differ). */
export const GROUP_NONCE_BYTES = 16
/** A join proof: a SHA-256 digest. */
export const GROUP_JOIN_PROOF_BYTES = 32

const SIGNATURE_BYTES = 64

export const groupOpActions = ['create', 'add', 'join', 'remove', 'leave', 'dissolve', 'transfer', 'setRole', 'mute', 'edit', 'setLink'] as const
export type GroupOpActionName = typeof groupOpActions[number]

/** The action an op carries; MalformedFrameError unless exactly one is set. */
export function groupOpAction (op: GroupOp): GroupOpActionName {
  const present = groupOpActions.filter(action => op[action] != null)
  if (present.length !== 1) {
    throw new MalformedFrameError(`a group op carries exactly one action; this one carries ${present.length === 0 ? 'none' : present.join(', ')}`)
  }
  return present[0]
}

function requireText (value: string, min: number, max: number, field: string): void {
  if (value.length < min || value.length > max) {
    throw new InvalidGroupOpError(`group ${field} must be ${min}..${max} characters, got ${value.length}`)
  }
}

function requireAvatar (avatar: Uint8Array): void {
  if (avatar.byteLength > limits.maxGroupAvatarBytes) {
    throw new InvalidGroupOpError(`group avatar of ${avatar.byteLength} bytes is over the ${limits.maxGroupAvatarBytes}-byte limit`)
  }
}

function requireMilliseconds (value: bigint, field: string): void {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new InvalidGroupOpError(`group op ${field} ${value} is not a time`)
  }
}

function checkCreate (create: GroupCreate): void {
  requireText(create.name, 1, limits.maxNameLength, 'name')
  requireText(create.topic, 0, limits.maxGroupTopicLength, 'topic')
  requireAvatar(create.avatar)
  requireLength(create.linkSecret, GROUP_LINK_SECRET_BYTES, 'group link secret')
  requireLength(create.nonce, GROUP_NONCE_BYTES, 'group nonce')
}

function checkEdit (edit: GroupEdit): void {
  if (edit.name == null && edit.topic == null && edit.avatar == null && edit.open == null) {
    throw new InvalidGroupOpError('a group edit changes nothing')
  }
  if (edit.name != null) requireText(edit.name, 1, limits.maxNameLength, 'name')
  if (edit.topic != null) requireText(edit.topic, 0, limits.maxGroupTopicLength, 'topic')
  if (edit.avatar != null) requireAvatar(edit.avatar)
}

function checkAccounts (accounts: Uint8Array[]): void {
  if (accounts.length === 0 || accounts.length > limits.maxAccountsPerGroupOp) {
    throw new InvalidGroupOpError(`a group add names 1..${limits.maxAccountsPerGroupOp} accounts, this one ${accounts.length}`)
  }
  const seen = new Set<string>()
  for (const account of accounts) {
    requireLength(account, ACCOUNT_KEY_BYTES, 'added account')
    const key = Buffer.from(account).toString('hex')
    if (seen.has(key)) {
      throw new InvalidGroupOpError('a group add names an account twice')
    }
    seen.add(key)
  }
}

/** Parents: 1..maxGroupOpParents ids of 32 bytes in strictly ascending byte order (so no repeats). */
function checkParents (parents: Uint8Array[]): void {
  if (parents.length === 0 || parents.length > limits.maxGroupOpParents) {
    throw new InvalidGroupOpError(`a group op names 1..${limits.maxGroupOpParents} parents, this one ${parents.length}`)
  }
  parents.forEach((parent, i) => {
    requireLength(parent, GROUP_ID_BYTES, 'group op parent')
    if (i > 0 && Buffer.compare(parents[i - 1], parent) >= 0) {
      throw new InvalidGroupOpError('a group op\'s parents must be in ascending order, without repeats')
    }
  })
}

function checkAction (op: GroupOp, action: GroupOpActionName): void {
  if (op.create != null) checkCreate(op.create)
  if (op.add != null) checkAccounts(op.add.accounts)
  if (op.join != null) requireLength(op.join.proof, GROUP_JOIN_PROOF_BYTES, 'group join proof')
  const target = op.remove?.account ?? op.transfer?.account ?? op.setRole?.account ?? op.mute?.account
  if (target != null) requireLength(target, ACCOUNT_KEY_BYTES, `${action} account`)
  if (op.setRole != null && op.setRole.role !== 0 && op.setRole.role !== 1) {
    throw new InvalidGroupOpError(`group role ${op.setRole.role} is neither 0 (member) nor 1 (manager)`)
  }
  if (op.mute != null) requireMilliseconds(op.mute.until, 'mute until')
  if (op.edit != null) checkEdit(op.edit)
  if (op.setLink != null) requireLength(op.setLink.linkSecret, GROUP_LINK_SECRET_BYTES, 'group link secret')
}

/**
 * Checks everything about an op that needs no key and no log: version, shape, lengths,
 * parents, the action's fields. A signature of 64 bytes is required unless `unsigned`
 * (an op about to be signed). Throws UnsupportedVersionError, MalformedFrameError or
 * InvalidGroupOpError.
 */
export function validateGroupOp (op: GroupOp, unsigned = false): GroupOp {
  if (op.version !== GROUP_OP_VERSION) {
    throw new UnsupportedVersionError(`group op version ${op.version} is not supported (this node speaks ${GROUP_OP_VERSION})`)
  }
  const action = groupOpAction(op)
  if (op.author == null) {
    throw new MalformedFrameError('a group op carries its author\'s device certificate')
  }
  requireLength(op.signature, unsigned ? 0 : SIGNATURE_BYTES, 'group op signature')
  requireMilliseconds(op.timestamp, 'timestamp')
  if (action === 'create') {
    if (op.group.byteLength !== 0 || op.parents.length !== 0) {
      throw new InvalidGroupOpError('a group\'s create op is its genesis: it names no group and no parents')
    }
  } else {
    requireLength(op.group, GROUP_ID_BYTES, 'group id')
    checkParents(op.parents)
  }
  checkAction(op, action)
  return op
}

export function encodeGroupOp (op: GroupOp): Uint8Array<ArrayBuffer> {
  return GroupOp.encode(op)
}

/** The bytes an op's signature covers: the op with an empty signature. */
export function groupOpSigningBytes (op: GroupOp): Uint8Array {
  return GroupOp.encode({ ...op, signature: new Uint8Array(0) })
}

/** Decodes and validates one op a peer sent; its bytes must be the op's canonical encoding. */
export function decodeGroupOp (bytes: Uint8Array): GroupOp {
  checkSize(bytes, MAX_GROUP_OP_BYTES, 'group op')
  const op = validateGroupOp(decodeOrThrow('group op', () => GroupOp.decode(bytes)))
  if (Buffer.compare(encodeGroupOp(op), bytes) !== 0) {
    throw new MalformedFrameError('a group op is not in its canonical encoding (its id would not be the hash of what was signed)')
  }
  return op
}
