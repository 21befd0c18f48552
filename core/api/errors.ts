/**
 * Errors with stable names. Callers and transports match on `err.name`, never on
 * `instanceof`: over JSON-RPC or IPC an error travels as `{ name, message }` and is rebuilt
 * here by `errorFromWire`.
 */

export class TimError extends Error {
  override name = 'TimError'
}

function defineError (name: string): typeof TimError {
  const errorClass = class extends TimError {
    override name = name
  }
  Object.defineProperty(errorClass, 'name', { value: name })
  return errorClass
}

/** An argument is missing, has the wrong type, or is out of range. */
export const InvalidArgumentError = defineError('InvalidArgumentError')
/** An account id failed to parse (wrong prefix, bad characters, checksum mismatch). */
export const InvalidAccountIdError = defineError('InvalidAccountIdError')
/** An invite link failed to parse or its device certificate does not verify. */
export const InvalidInviteError = defineError('InvalidInviteError')
/** The account id or name does not name a contact. */
export const UnknownContactError = defineError('UnknownContactError')
/** No message with that id exists here. */
export const MessageNotFoundError = defineError('MessageNotFoundError')
/** The message text is larger than the protocol allows. */
export const MessageTooLargeError = defineError('MessageTooLargeError')
/** The contact is blocked: nothing is sent to or accepted from it. */
export const ContactBlockedError = defineError('ContactBlockedError')
/** You tried to add your own account as a contact. */
export const SelfContactError = defineError('SelfContactError')
/** The data directory has no identity yet (run `tim init`). */
export const NoIdentityError = defineError('NoIdentityError')
/** `tim init` was run on a directory that already holds an identity. */
export const IdentityExistsError = defineError('IdentityExistsError')
/** The keystore is encrypted and no passphrase was given. */
export const PassphraseRequiredError = defineError('PassphraseRequiredError')
/** The passphrase does not open the keystore. */
export const WrongPassphraseError = defineError('WrongPassphraseError')
/** The API token is missing or wrong. */
export const UnauthorizedError = defineError('UnauthorizedError')
/** The node is not running, or the API endpoint cannot be reached. */
export const NodeUnavailableError = defineError('NodeUnavailableError')
/** The operation was aborted by the caller's signal. */
export const AbortError = defineError('AbortError')
/** The node's database could not be written (disk full, read-only, damaged): nothing was changed. */
export const StorageError = defineError('StorageError')
/** An API method name is not part of the contract. */
export const UnknownMethodError = defineError('UnknownMethodError')

// Wire-level rejections of what a peer sent. Each is counted in NodeStats.rejected.
/** Bytes that do not decode as the expected frame. */
export const MalformedFrameError = defineError('MalformedFrameError')
/** A frame longer than the protocol maximum. */
export const FrameTooLargeError = defineError('FrameTooLargeError')
/** A frame or envelope carrying a protocol version this node does not speak. */
export const UnsupportedVersionError = defineError('UnsupportedVersionError')
/** A signature that does not verify. */
export const InvalidSignatureError = defineError('InvalidSignatureError')
/** A device that its claimed account did not certify, or that is not the connected peer. */
export const UncertifiedDeviceError = defineError('UncertifiedDeviceError')
/** An envelope id this node has already accepted. */
export const ReplayedEnvelopeError = defineError('ReplayedEnvelopeError')
/** An envelope addressed to another device. */
export const MisaddressedEnvelopeError = defineError('MisaddressedEnvelopeError')
/** Ciphertext that does not open with the pair's keys. */
export const DecryptionFailedError = defineError('DecryptionFailedError')
/** A peer sending faster than the per-peer rate limit. */
export const RateLimitedError = defineError('RateLimitedError')
/** A mailbox node holds as much mail for that account (or from that sender) as it allows. */
export const MailboxQuotaExceededError = defineError('MailboxQuotaExceededError')
/** No mailbox node could be reached to hold or hand over mail. */
export const MailboxUnavailableError = defineError('MailboxUnavailableError')
/** A device certificate naming a device that another account already certified for this node. */
export const DeviceClaimedError = defineError('DeviceClaimedError')
/** A stranger (not an accepted contact) sent more than this node keeps until its request is accepted. */
export const RequestLimitError = defineError('RequestLimitError')
/**
 * An envelope whose encrypted payload names another sender account, device or message id than
 * the envelope and the certified device it came with: a ciphertext re-sent under another name.
 */
export const PayloadBindingError = defineError('PayloadBindingError')
/** A group this node does not know (no such group, or not one it belongs to). */
export const UnknownGroupError = defineError('UnknownGroupError')
/** An account that is not a member of the group (never was, left, or was removed). */
export const NotGroupMemberError = defineError('NotGroupMemberError')
/** A member without the role an action needs (a manager kicking the owner, a member editing the name). */
export const GroupPermissionError = defineError('GroupPermissionError')
/** A group operation naming parents this node does not have; it is held, within a bound, until they arrive. */
export const MissingParentsError = defineError('MissingParentsError')
/** A group operation that names itself among its parents, or too many parents. */
export const InvalidGroupOpError = defineError('InvalidGroupOpError')
/** A group at its member limit. */
export const GroupFullError = defineError('GroupFullError')
/** A group that its owner dissolved: nothing more happens in it. */
export const GroupDissolvedError = defineError('GroupDissolvedError')
/** An invite link that is malformed, revoked, or for a group that does not exist. */
export const InvalidGroupLinkError = defineError('InvalidGroupLinkError')
/** A muted member sending to the group. */
export const MemberMutedError = defineError('MemberMutedError')

const knownErrors = new Map<string, typeof TimError>(
  [
    InvalidArgumentError, InvalidAccountIdError, InvalidInviteError, UnknownContactError,
    MessageNotFoundError, MessageTooLargeError, ContactBlockedError, SelfContactError,
    NoIdentityError, IdentityExistsError, PassphraseRequiredError, WrongPassphraseError,
    UnauthorizedError, NodeUnavailableError, AbortError, StorageError, UnknownMethodError,
    MalformedFrameError, FrameTooLargeError, UnsupportedVersionError, InvalidSignatureError,
    UncertifiedDeviceError, ReplayedEnvelopeError, MisaddressedEnvelopeError,
    DecryptionFailedError, RateLimitedError, MailboxQuotaExceededError, MailboxUnavailableError,
    DeviceClaimedError, RequestLimitError, PayloadBindingError, UnknownGroupError,
    NotGroupMemberError, GroupPermissionError, MissingParentsError, InvalidGroupOpError,
    GroupFullError, GroupDissolvedError, InvalidGroupLinkError, MemberMutedError
  ].map(errorClass => [errorClass.name, errorClass])
)

/** The shape an error takes on any transport. */
export interface WireError {
  name: string
  message: string
}

export function errorToWire (err: unknown): WireError {
  if (err instanceof Error) {
    return { name: err.name, message: err.message }
  }
  return { name: 'Error', message: String(err) }
}

/** Rebuilds an error from its wire shape, keeping its name even when the class is unknown. */
export function errorFromWire (wire: WireError): Error {
  const ErrorClass = knownErrors.get(wire.name)
  if (ErrorClass != null) {
    return new ErrorClass(wire.message)
  }
  const err = new TimError(wire.message)
  err.name = wire.name
  return err
}
