import { test } from 'node:test'
import assert from 'node:assert/strict'
import * as lp from 'it-length-prefixed'
import { streamPair } from '@libp2p/utils'
import type { Stream } from '@libp2p/interface'
import { createFrameReader, type FrameReader } from '../../../core/messaging/frame-reader.ts'

const MAX = 1024

/** a yamux stream pair over an in-memory connection: what one end sends, the other reads */
async function pair (t: { after: (fn: () => Promise<void>) => void }): Promise<{ writer: Stream, reader: FrameReader }> {
  const [outbound, inbound] = await streamPair()
  t.after(async () => {
    outbound.abort(new Error('test done'))
    inbound.abort(new Error('test done'))
  })
  return { writer: outbound, reader: createFrameReader(inbound, MAX) }
}

async function readAll (reader: FrameReader, count: number): Promise<string[]> {
  const texts: string[] = []
  for (let i = 0; i < count; i++) {
    const frame = await reader.next(AbortSignal.timeout(5_000))
    assert.ok(frame != null, `frame ${i} arrived`)
    texts.push(Buffer.from(frame).toString())
  }
  return texts
}

test('frames arrive whole and in order however the bytes are cut, several in one write or one split over many', async (t) => {
  const { writer, reader } = await pair(t)
  const texts = ['first', '', 'x'.repeat(300), 'last one']
  const bytes = Buffer.concat(texts.map(text => lp.encode.single(Buffer.from(text)).subarray()))
  for (let cut = 1; cut < bytes.byteLength; cut += 7) {
    writer.send(bytes.subarray(0, cut))
    writer.send(bytes.subarray(cut))
    assert.deepEqual(await readAll(reader, texts.length), texts, `cut at byte ${cut}`)
  }
  for (const byte of bytes) {
    writer.send(Uint8Array.of(byte))
  }
  assert.deepEqual(await readAll(reader, texts.length), texts, 'one byte per write')
  await writer.close()
  assert.equal(await reader.next(AbortSignal.timeout(5_000)), null, 'a clean close reads as the end')
})

test('a frame over the limit is a FrameTooLargeError once the frames before it are read', async (t) => {
  const { writer, reader } = await pair(t)
  writer.send(lp.encode.single(Buffer.from('fine')))
  writer.send(lp.encode.single(new Uint8Array(MAX + 1)))
  assert.deepEqual(await readAll(reader, 1), ['fine'])
  await assert.rejects(reader.next(AbortSignal.timeout(5_000)), { name: 'FrameTooLargeError', message: `frame is over the ${MAX}-byte limit` })
})

test('a length prefix that never ends is a MalformedFrameError', async (t) => {
  const { writer, reader } = await pair(t)
  writer.send(Uint8Array.of(0x80, 0x80, 0x80, 0x80, 0x80, 0x00))
  await assert.rejects(reader.next(AbortSignal.timeout(5_000)), { name: 'MalformedFrameError', message: 'frame length prefix is invalid' })
})

test('a stream that ends inside a frame is a truncated frame', async (t) => {
  const { writer, reader } = await pair(t)
  writer.send(lp.encode.single(Buffer.from('cut short')).subarray(0, 5))
  await writer.close()
  await assert.rejects(reader.next(AbortSignal.timeout(5_000)), { name: 'MalformedFrameError', message: 'stream ended inside a frame (truncated frame)' })
})

test('a read that outlives its signal says it waited too long; the frame still arrives for the next read', async (t) => {
  const { writer, reader } = await pair(t)
  // AbortSignal.timeout's timer does not keep the process alive: this one does, meanwhile
  const keepAlive = setTimeout(() => {}, 5_000)
  await assert.rejects(reader.next(AbortSignal.timeout(50)), /timed out waiting for the peer/)
  clearTimeout(keepAlive)
  writer.send(lp.encode.single(Buffer.from('late')))
  assert.deepEqual(await readAll(reader, 1), ['late'])
})
