/**
 * What net offers the rooms above it: a room's own libp2p service plugs in without editing
 * net, and a room's peer gate keeps the node from being connected to the peers it hides
 * (presence's invisible mode uses it), and pings that meet on one connection do not cut it.
 * Real libp2p nodes on 127.0.0.1.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import type { ComponentLogger, Connection, Logger, PeerId, Startable, Stream } from '@libp2p/interface'
import { createNet, type PeerGate, type TimLibp2p } from '../../core/net/index.ts'
import { createStore } from '../../core/store/index.ts'
import { tempDir } from '../helpers/temp-dir.ts'
import { waitFor } from '../helpers/wait-for.ts'
import type { AfterHook } from '../helpers/temp-dir.ts'

const GREETING_PROTOCOL = '/tim-test/greeting/1.0.0'

/** A room's service, shaped like @libp2p/identify: handles its protocol from start() to stop(). */
interface Greeter {
  /** streams answered so far */
  answered: () => number
}

interface GreeterComponents {
  registrar: {
    handle: (protocol: string, handler: (stream: Stream, connection: Connection) => Promise<void>) => Promise<void>
    unhandle: (protocol: string) => Promise<void>
  }
  logger: ComponentLogger
}

class GreeterService implements Greeter, Startable {
  private count = 0
  private readonly log: Logger

  constructor (private readonly components: GreeterComponents, private readonly greeting: string) {
    this.log = components.logger.forComponent('tim:greeter')
  }

  async start (): Promise<void> {
    // one request, one greeting, then the stream closes
    await this.components.registrar.handle(GREETING_PROTOCOL, async (stream) => {
      stream.addEventListener('message', () => {
        this.count++
        this.log('greeting a peer')
        stream.send(new TextEncoder().encode(this.greeting))
        void stream.close()
      }, { once: true })
    })
  }

  async stop (): Promise<void> {
    await this.components.registrar.unhandle(GREETING_PROTOCOL)
  }

  answered (): number {
    return this.count
  }
}

function greeterService (greeting: string): (components: GreeterComponents) => Greeter {
  return (components) => new GreeterService(components, greeting)
}

const netInit = { listen: ['/ip4/127.0.0.1/tcp/0'], mdns: false, webrtc: false, reserveOnRelays: false as const, stunPort: null }

async function startNet (t: AfterHook, name: string, gate?: PeerGate): Promise<TimLibp2p<{ greeter: Greeter }>> {
  const store = await createStore({ path: join(await tempDir(t), name, 'db') })
  const libp2p = await createNet<{ greeter: Greeter }>({ privateKey: await generateKeyPair('Ed25519'), store, ...(gate != null ? { gate } : {}) },
    netInit, { greeter: greeterService(`hello from ${name}`) })
  t.after(async () => {
    await libp2p.stop()
    await store.close()
  })
  return libp2p
}

async function greetingFrom (from: TimLibp2p, to: TimLibp2p): Promise<string> {
  const stream = await from.dialProtocol(to.getMultiaddrs()[0], GREETING_PROTOCOL, { signal: AbortSignal.timeout(10_000) })
  const greeting = new Promise<string>((resolve, reject) => {
    stream.addEventListener('message', event => { resolve(new TextDecoder().decode(event.data.subarray())) }, { once: true })
    stream.addEventListener('close', () => { reject(new Error('the stream closed without a greeting')) }, { once: true })
  })
  stream.send(new TextEncoder().encode('hello?'))
  try {
    return await greeting
  } finally {
    await stream.close().catch(() => {})
  }
}

test('a room plugs its own service into net: it runs with the node, is reached by name, and answers its protocol', async (t) => {
  const alice = await startNet(t, 'alice')
  const bob = await startNet(t, 'bob')
  assert.equal(alice.services.greeter.answered(), 0)
  assert.ok(alice.getProtocols().includes(GREETING_PROTOCOL), 'the room\'s protocol is handled once the node runs')

  assert.equal(await greetingFrom(bob, alice), 'hello from alice')
  assert.equal(alice.services.greeter.answered(), 1)
  // net's own services are still there beside it
  assert.equal(typeof alice.services.net.enforceGate, 'function')

  await alice.stop()
  assert.equal(alice.getProtocols().includes(GREETING_PROTOCOL), false, 'the room\'s protocol goes when the node stops')
})

test('the peer gate: a hidden peer is neither dialled nor accepted, and an open connection to it is hung up on', async (t) => {
  const hidden = new Set<string>()
  const gate: PeerGate = { hides: (peer: PeerId) => hidden.has(peer.toString()) }
  const alice = await startNet(t, 'alice', gate)
  const bob = await startNet(t, 'bob')
  const carol = await startNet(t, 'carol')

  // while the gate lets Bob through, Alice and Bob connect as usual
  assert.equal(await greetingFrom(bob, alice), 'hello from alice')
  assert.equal(alice.getConnections(bob.peerId).length, 1)

  // the gate closes on Bob: Alice hangs up on him
  hidden.add(bob.peerId.toString())
  let openedWithBob = 0
  alice.addEventListener('connection:open', event => { if (event.detail.remotePeer.equals(bob.peerId)) openedWithBob++ })
  await alice.services.net.enforceGate()
  await waitFor(async () => alice.getConnections(bob.peerId).length + bob.getConnections(alice.peerId).length, open => open === 0,
    { what: 'the connection between Alice and Bob to close' })

  // Bob cannot reach Alice, and Alice does not dial Bob
  await assert.rejects(greetingFrom(bob, alice))
  await assert.rejects(alice.dial(bob.getMultiaddrs()[0], { signal: AbortSignal.timeout(10_000) }))
  assert.equal(alice.getConnections(bob.peerId).length, 0)
  assert.equal(alice.services.greeter.answered(), 1, 'Bob\'s refused attempt never reached Alice\'s room')
  assert.equal(openedWithBob, 0, 'no connection with Bob even opened while he was hidden')

  // everyone else still reaches Alice
  assert.equal(await greetingFrom(carol, alice), 'hello from alice')

  // the gate opens again: Bob is welcome
  hidden.delete(bob.peerId.toString())
  assert.equal(await greetingFrom(bob, alice), 'hello from alice')
})

test('pings at once on one connection all answer, and the connection stays (libp2p\'s connection monitor aborts a connection whose ping fails)', async (t) => {
  const alice = await startNet(t, 'alice')
  const bob = await startNet(t, 'bob')
  await alice.dial(bob.getMultiaddrs()[0], { signal: AbortSignal.timeout(10_000) })
  // the monitor's, the DHT's and the other side's, as they meet on a busy connection
  const rtts = await Promise.all([alice, alice, bob].map(async (from, i) => await from.services.ping.ping(i < 2 ? bob.peerId : alice.peerId, { signal: AbortSignal.timeout(10_000) })))
  assert.equal(rtts.length, 3)
  assert.equal(alice.getConnections(bob.peerId).length, 1)
})
