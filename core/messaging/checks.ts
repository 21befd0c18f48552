/**
 * What callers pass to the message methods, checked before anything is stored or sent: texts,
 * burn timers, reactions and message ids, each refused with a sentence saying what is allowed.
 */

import { InvalidArgumentError, MessageTooLargeError, limits } from '../api/index.ts'
import { messageIdFromString, messageIdToString } from '../wire/index.ts'

function textBytes (text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

export function checkText (text: unknown): string {
  if (typeof text !== 'string' || text.length === 0) {
    throw new InvalidArgumentError('a message needs some text')
  }
  if (textBytes(text) > limits.maxTextBytes) {
    throw new MessageTooLargeError(`a message is at most ${limits.maxTextBytes} bytes of UTF-8; this one is ${textBytes(text)}`)
  }
  return text
}

export function checkBurn (seconds: unknown): number | undefined {
  if (seconds == null) return undefined
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < limits.minBurnSeconds || seconds > limits.maxBurnSeconds) {
    throw new InvalidArgumentError(`a burn timer is ${limits.minBurnSeconds}–${limits.maxBurnSeconds} whole seconds`)
  }
  return seconds
}

export function checkEmoji (emoji: unknown): string {
  if (typeof emoji !== 'string' || emoji.length === 0 || textBytes(emoji) > limits.maxEmojiBytes) {
    throw new InvalidArgumentError(`a reaction is one emoji (at most ${limits.maxEmojiBytes} bytes)`)
  }
  return emoji
}

export function checkMessageId (id: unknown): string {
  try {
    return messageIdToString(messageIdFromString(String(id)))
  } catch {
    throw new InvalidArgumentError(`${JSON.stringify(id)?.slice(0, 40)} is not a message id`)
  }
}
