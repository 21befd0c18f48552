/**
 * The store's types, apart from its factory so that migrations can name them.
 */

import type { Level } from 'level'
import type { AbstractSublevel, AbstractBatchOperation } from 'abstract-level'

/** The sublevels and the room that owns each. */
export type SublevelName =
  | 'meta' // store: schema version
  | 'contacts' // messaging: accountId → contact record
  | 'conversations' // messaging: conversation id → unread count, newest incoming id
  | 'messages' // messaging: conversation id!timestamp!id → message
  | 'message-index' // messaging: id → messages key
  | 'message-states' // messaging: id → state, path, failure once changed after storing
  | 'held-receipts' // messaging: account!receipt kind → message ids whose receipts wait while invisible
  | 'burn-timers' // messaging: message id → when a burn-after-reading message is erased
  | 'outbox' // messaging: device!id → what awaits an ack: kind byte (+ a receipt's envelope)
  | 'mailbox' // mailbox (relay role): held envelopes, tombstones
  | 'mailbox-tickets' // messaging: contact account → the mailbox ticket it handed us
  | 'presence' // presence: this node's own presence ('me'), contacts' last-seen times ('seen!<account>')
  | 'libp2p' // net: peer store and DHT records (binary values)
  | 'group-log' // social/groups: group!op!<op id> → the encoded GroupOp (binary values)
  | 'group-messages' // social/groups: group!<message id> → the encoded GroupMessage kept for catch-up (binary values)
  | 'group-keys' // social/groups: sender keys, this device's and other member devices'
  | 'groups' // social/groups: group id → what this node keeps of a group beside its log (requests, ended)
  | 'group-receipts' // social/groups: sent!<our message id> → its group and member count; <id>!<account> → delivered | read

/** The sublevels whose values are raw bytes; all others hold JSON documents. */
export type BinarySublevelName = 'libp2p' | 'outbox' | 'group-log' | 'group-messages'

export type Database = Level<string, unknown>
export type JsonSublevel<V> = AbstractSublevel<Database, string | Uint8Array | Buffer, string, V>
export type BinarySublevel = AbstractSublevel<Database, string | Uint8Array | Buffer, string, Uint8Array>
export type BatchOperation = AbstractBatchOperation<Database, string, unknown>

export interface Store {
  readonly path: string
  /** a sublevel whose values are JSON documents */
  json: <V>(name: Exclude<SublevelName, BinarySublevelName>) => JsonSublevel<V>
  /** a sublevel whose values are raw bytes */
  binary: (name: BinarySublevelName) => BinarySublevel
  /**
   * applies every operation or none; each names its sublevel. Resolves once the batch would
   * survive a killed process (it is in the journal); reads see it after `settled()`.
   */
  batch: (operations: BatchOperation[]) => Promise<void>
  /** resolves once every batch written before the call is visible to reads */
  settled: () => Promise<void>
  schemaVersion: () => Promise<number>
  /**
   * removes from the database's files every value that was overwritten or deleted (LevelDB
   * keeps them in its log and tables until a compaction): what was erased is then gone from
   * disk, not just from reads. Costs a full compaction; call it after erasing, not per write.
   */
  purge: () => Promise<void>
  close: () => Promise<void>
}
