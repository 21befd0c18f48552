/**
 * api — the contract every other room speaks: MessengerApi (methods), MessengerEvents
 * (events), the DTOs that cross process boundaries, and the error classes with stable names.
 * Types and tiny pure helpers only: it imports nothing else of core and never does I/O.
 */

export * from './errors.ts'
export * from './types.ts'
export * from './conversation-id.ts'
export * from './events.ts'
export * from './bridge.ts'
export * from './abort.ts'
export * from './implement.ts'
export * from './notification-text.ts'
export * from './image-type.ts'
