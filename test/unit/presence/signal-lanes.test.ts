import { test } from 'node:test'
import assert from 'node:assert/strict'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import type { PeerId } from '@libp2p/interface'
import type { Signal } from '../../../core/presence/frames.ts'
import { createSignalLanes, type SignalLanes } from '../../../core/presence/signal-lanes.ts'

async function newPeerId (): Promise<PeerId> {
  return peerIdFromPrivateKey(await generateKeyPair('Ed25519'))
}

const online = { status: 'online', text: '', lastSeen: 0 } as const
const away = { status: 'away', text: '', lastSeen: 0 } as const
const busy = { status: 'busy', text: '', lastSeen: 0 } as const
const offline = { status: 'offline', text: '', lastSeen: 0 } as const
const typing = { conversation: 'dm:alice', typing: true }

/** Lanes whose first delivery waits until `release()`; what they delivered, in order. */
function lanesHoldingTheFirst (): { lanes: SignalLanes, delivered: Signal[], release: () => void } {
  const delivered: Signal[] = []
  let released: () => void = () => {}
  const lanes = createSignalLanes({
    deliver: async (_peer, signal) => {
      delivered.push(signal)
      if (delivered.length === 1) await new Promise<void>(resolve => { released = resolve })
    },
    onError: (_peer, err) => { throw err }
  })
  return { lanes, delivered, release: () => { released() } }
}

test('a device gets one signal at a time, and what piles up meanwhile goes as one merged signal', async () => {
  const peer = await newPeerId()
  const { lanes, delivered, release } = lanesHoldingTheFirst()
  const first = lanes.send(peer, { presence: online })
  const later = [lanes.send(peer, { presence: away }), lanes.send(peer, { typing }), lanes.send(peer, { presence: busy })]
  assert.equal(delivered.length, 1, 'the others wait for the first')
  release()
  await Promise.all([first, ...later])
  assert.deepEqual(delivered, [{ presence: online }, { presence: busy, typing }])
})

test('a replacing signal drops what waited (going invisible drops a queued typing signal)', async () => {
  const peer = await newPeerId()
  const { lanes, delivered, release } = lanesHoldingTheFirst()
  const sent = [lanes.send(peer, { presence: online }), lanes.send(peer, { typing }), lanes.send(peer, { presence: offline }, { replace: true })]
  release()
  await Promise.all(sent)
  assert.deepEqual(delivered, [{ presence: online }, { presence: offline }])
})

test('devices have lanes of their own, and a failed delivery is reported and does not stop the lane', async () => {
  const [a, b] = [await newPeerId(), await newPeerId()]
  const delivered: string[] = []
  const failures: string[] = []
  let release: () => void = () => {}
  const lanes = createSignalLanes({
    deliver: async (peer, signal) => {
      delivered.push(`${peer === a ? 'a' : 'b'}:${signal.presence?.status}`)
      if (peer === a && signal.presence === online) await new Promise<void>(resolve => { release = resolve })
      if (peer === a && signal.presence === away) throw new Error('stream reset')
    },
    onError: (peer, err) => { failures.push(`${peer === a ? 'a' : 'b'}: ${err.message}`) }
  })
  const aFirst = lanes.send(a, { presence: online })
  await lanes.send(b, { presence: busy })
  assert.deepEqual(delivered, ['a:online', 'b:busy'], 'b did not wait for a')
  release()
  await aFirst
  await lanes.send(a, { presence: away })
  await lanes.send(a, { presence: busy })
  assert.deepEqual(delivered, ['a:online', 'b:busy', 'a:away', 'a:busy'])
  assert.deepEqual(failures, ['a: stream reset'])
})
