/**
 * Errors in words for people: each stable error name becomes a sentence saying what happened
 * and what to do. The node's own message (developer words, sometimes a file path) is never
 * shown; the name stays available to tests and bug reports as a data attribute.
 */

const sentences: Record<string, string> = {
  InvalidInviteError: 'That doesn’t look like a Tim invite. Ask for a new link.',
  InvalidAccountIdError: 'That doesn’t look like a Tim account. Check that it was copied whole.',
  InvalidArgumentError: 'Tim could not use what was entered. Check it and try again.',
  UnknownContactError: 'That person is not in your contacts.',
  MessageNotFoundError: 'That message is no longer here.',
  MessageTooLargeError: 'This message is too long to send. Shorten it or split it in two.',
  ContactBlockedError: 'You blocked this account. Unblock it first.',
  SelfContactError: 'That is your own invite. Send it to someone else so they can add you.',
  NoIdentityError: 'This Tim has no account yet.',
  IdentityExistsError: 'This Tim already has an account.',
  PassphraseRequiredError: 'Enter your passphrase to open your account.',
  WrongPassphraseError: 'That passphrase is not the right one. Try again.',
  UnauthorizedError: 'This login link was already used or has expired. Open the newest link your Tim node printed.',
  SessionEndedError: 'Your Tim node restarted. Open the new login link it printed.',
  LoginRequiredError: 'Open the login link your Tim node printed.',
  NodeUnavailableError: 'Your Tim node cannot be reached right now.',
  AbortError: 'That took too long and was stopped. Try again.',
  StorageError: 'Tim could not save to its database (is the disk full?). Nothing was changed.',
  RateLimitedError: 'Too many attempts. Wait a moment and try again.',
  MailboxUnavailableError: 'No mailbox could take the message for now. Tim keeps trying.',
  MailboxQuotaExceededError: 'The mailboxes are full for this contact. Tim tries again later.',
  RequestLimitError: 'Too many messages from someone who is not a contact yet.',
  UnknownMethodError: 'Your Tim node is a different version and cannot do this.'
}

/** A sentence for people about `error` (the UI's own plain Errors are already one). */
export function errorText (error: Error): string {
  if (error.name === 'Error' && error.message !== '') return error.message
  return sentences[error.name] ?? 'Something went wrong. Try again; if it keeps happening, restart Tim.'
}
