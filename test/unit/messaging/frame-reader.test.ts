import { test } from 'node:test'
import assert from 'node:assert/strict'
import * as lp from 'it-length-prefixed'
import { multiaddrConnectionPair } from '@libp2p/utils'
import { yamux } from '@libp2p/yamux'
import type { Stream } from '@libp2p/interface'
import { createFrameReader, type FrameReader } from '../../../core/messaging/frame-reader.ts'
import { MAX_STREAM_WINDOW_BYTES } from '../../../core/net/index.ts'

const MAX = 1024

/**
 * a stream of libp2p's yamux muxers over an in-memory connection (one that never pushes back
 * itself, so that any back-pressure is yamux's window): what one end sends, the other reads
 */
async function pair (t: { after: (fn: () => Promise<void>) => void }, maxFrameBytes = MAX): Promise<{ writer: Stream, reader: FrameReader }> {
  const [outboundConnection, inboundConnection] = multiaddrConnectionPair({ capacity: 1_000_000 })
  // the stream window Tim's nodes use
  const muxer = yamux({ streamOptions: { maxStreamWindowSize: MAX_STREAM_WINDOW_BYTES } })()
  const client = muxer.createStreamMuxer(outboundConnection)
  const server = muxer.createStreamMuxer(inboundConnection)
  const accepted = new Promise<Stream>(resolve => { server.addEventListener('stream', event => { resolve(event.detail) }, { once: true }) })
  const writer = await client.createStream()
  writer.send(lp.encode.single(new Uint8Array(0)))
  const inbound = await accepted
  const reader = createFrameReader(inbound, maxFrameBytes)
  assert.deepEqual(await reader.next(AbortSignal.timeout(5_000)), new Uint8Array(0), 'the opening empty frame')
  t.after(async () => {
    writer.abort(new Error('test done'))
    inbound.abort(new Error('test done'))
    client.abort(new Error('test done'))
    server.abort(new Error('test done'))
  })
  return { writer, reader }
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

test('a writer faster than its reader is held back once frames pile up (at most a stream window ahead), and every frame still arrives in order', async (t) => {
  const frameBytes = 60 * 1024
  const { writer, reader } = await pair(t, 64 * 1024)
  const frame = (n: number): Uint8Array => lp.encode.single(Buffer.alloc(frameBytes, n % 256)).subarray()
  let sent = 0
  // without back-pressure the reader's side would keep granting window and the writer would
  // never be told to wait; bounded at three windows either way
  const bound = Math.ceil(3 * MAX_STREAM_WINDOW_BYTES / frameBytes)
  while (sent < bound && writer.send(frame(sent))) {
    sent++
    // let the frames travel, and the reader's side answer with window updates (or not)
    await new Promise(resolve => setTimeout(resolve, 1))
  }
  assert.ok(sent < bound, `the writer was told to wait for the reader (after ${sent} frames of ${frameBytes} B)`)
  assert.ok(sent * frameBytes <= MAX_STREAM_WINDOW_BYTES + 2 * 1024 * 1024, `at most a window and the reader's queue ahead (${sent * frameBytes} B)`)
  sent++ // the frame that was refused is still queued on the writer's side
  for (let n = 0; n < sent; n++) {
    const next = await reader.next(AbortSignal.timeout(5_000))
    assert.ok(next?.byteLength === frameBytes && next[0] === n % 256, `frame ${n} arrives whole and in order`)
  }
})
