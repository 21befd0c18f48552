/**
 * The store's write-ahead journal (`<db>.journal`, next to the level directory). A batch is
 * appended as one record with one synchronous write(): once that returns, the batch is in the
 * page cache and survives a killed process, as an awaited LevelDB batch (whose log is not
 * synced either) does, without a round trip through libuv's thread pool. The store applies the
 * records to LevelDB in the background and empties the journal once all are applied. At open,
 * the records a dead process left unapplied are read back; a torn last record (its write never
 * returned, so its batch never counted as written) is dropped.
 *
 * Record: u32 payload length, u32 CRC-32 of the payload, then the payload: operations, each
 * u8 type (0 put, 1 del), u32 key length, the key as LevelDB stores it (UTF-8, sublevel prefix
 * included), and for a put u32 value length and the value's bytes as LevelDB stores them.
 */

import { closeSync, fstatSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs'
import { crc32 } from 'node:zlib'

/**
 * One operation as LevelDB stores it, which is also how a level batch takes it: the key with
 * its sublevel's prefix, and a put's value as bytes.
 */
export type JournalOperation =
  | { type: 'put', key: string, value: Uint8Array }
  | { type: 'del', key: string }

const HEADER_BYTES = 8
const PUT = 0
const DEL = 1

/** One record's bytes: header and payload. */
export function encodeRecord (operations: JournalOperation[]): Buffer {
  let payloadBytes = 0
  for (const op of operations) {
    payloadBytes += 1 + 4 + Buffer.byteLength(op.key) + (op.type === 'put' ? 4 + op.value.byteLength : 0)
  }
  const record = Buffer.allocUnsafe(HEADER_BYTES + payloadBytes)
  let offset = HEADER_BYTES
  for (const op of operations) {
    record[offset] = op.type === 'put' ? PUT : DEL
    const keyBytes = record.write(op.key, offset + 5)
    record.writeUInt32LE(keyBytes, offset + 1)
    offset += 5 + keyBytes
    if (op.type === 'put') {
      record.writeUInt32LE(op.value.byteLength, offset)
      record.set(op.value, offset + 4)
      offset += 4 + op.value.byteLength
    }
  }
  record.writeUInt32LE(payloadBytes, 0)
  record.writeUInt32LE(crc32(record.subarray(HEADER_BYTES)), 4)
  return record
}

/** The records in `bytes`, in order, up to the first torn or corrupt one. */
export function decodeRecords (bytes: Buffer): { records: JournalOperation[][], validBytes: number } {
  const records: JournalOperation[][] = []
  let offset = 0
  while (offset + HEADER_BYTES <= bytes.byteLength) {
    const payloadBytes = bytes.readUInt32LE(offset)
    const end = offset + HEADER_BYTES + payloadBytes
    if (end > bytes.byteLength) {
      break
    }
    const payload = bytes.subarray(offset + HEADER_BYTES, end)
    const operations = crc32(payload) === bytes.readUInt32LE(offset + 4) ? decodePayload(payload) : null
    if (operations == null) {
      break
    }
    records.push(operations)
    offset = end
  }
  return { records, validBytes: offset }
}

function decodePayload (payload: Buffer): JournalOperation[] | null {
  const operations: JournalOperation[] = []
  let offset = 0
  while (offset < payload.byteLength) {
    if (offset + 5 > payload.byteLength) {
      return null
    }
    const type = payload[offset]
    const keyEnd = offset + 5 + payload.readUInt32LE(offset + 1)
    if ((type !== PUT && type !== DEL) || keyEnd > payload.byteLength) {
      return null
    }
    const key = payload.toString('utf8', offset + 5, keyEnd)
    offset = keyEnd
    if (type === DEL) {
      operations.push({ type: 'del', key })
      continue
    }
    if (offset + 4 > payload.byteLength) {
      return null
    }
    const valueEnd = offset + 4 + payload.readUInt32LE(offset)
    if (valueEnd > payload.byteLength) {
      return null
    }
    // a copy: the file's bytes are not kept
    operations.push({ type: 'put', key, value: new Uint8Array(payload.subarray(offset + 4, valueEnd)) })
    offset = valueEnd
  }
  return operations
}

export interface Journal {
  /** appends one record; on return it survives a killed process. Throws (and appends nothing) on a write error. */
  append: (record: Uint8Array) => void
  /** bytes in the journal */
  size: () => number
  /** empties the journal: call only when every record is applied */
  reset: () => void
  close: () => void
}

export interface OpenedJournal {
  journal: Journal
  /** the records a previous process appended and may not have applied, in order */
  leftover: JournalOperation[][]
}

export function openJournal (path: string): OpenedJournal {
  const fd = openSync(path, 'a+', 0o600)
  const { records, validBytes } = decodeRecords(readFileSync(fd))
  let size = fstatSync(fd).size
  if (validBytes < size) {
    // the torn tail of a write that never returned
    ftruncateSync(fd, validBytes)
    size = validBytes
  }

  /** set when a failed append could not be taken back: later records would be unreadable */
  let broken: Error | null = null

  const journal: Journal = {
    append: (record) => {
      if (broken != null) {
        throw broken
      }
      let written = 0
      try {
        while (written < record.byteLength) {
          written += writeSync(fd, record, written, record.byteLength - written)
        }
      } catch (err) {
        // a part-written record would end the journal early at the next open: take it back
        if (written > 0) {
          try {
            ftruncateSync(fd, size)
          } catch (truncateError) {
            broken = new Error(`the journal ${path} ends in a part-written record: ${(truncateError as Error).message}`)
          }
        }
        throw err
      }
      size += written
    },
    size: () => size,
    reset: () => {
      ftruncateSync(fd, 0)
      size = 0
    },
    close: () => { closeSync(fd) }
  }
  return { journal, leftover: records }
}
