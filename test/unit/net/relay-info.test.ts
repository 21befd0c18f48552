/**
 * The bookkeeping behind the relay's per-IP caps and a node's ICE servers: which host a
 * connection counts against (an IPv4 address, an IPv6 /64), and which relays' STUN URLs a
 * node hands to WebRTC (bootstrap relays and trusted ones only).
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { multiaddr } from '@multiformats/multiaddr'
import { ipOf } from '../../../core/net/relay-guard.ts'
import { bootstrapPeerIds, createIceServerBook } from '../../../core/net/relay-info.ts'

const RELAY = '12D3KooWKrVQWMFVG9NQhrQ1uGC7WTdu5kB7q3GRfth54g2x4g3L'
const OTHER = '12D3KooWB98bWNvxQvzFwGWTKfWXsZK42e2F5suyAM14JdYJU4mZ'

test('a connection counts against its IPv4 address or its IPv6 /64, never against a relay or a name', () => {
  assert.equal(ipOf(multiaddr('/ip4/198.51.100.7/tcp/4001')), '198.51.100.7')
  assert.equal(ipOf(multiaddr('/ip6/2001:db8::1/tcp/4001')), '2001:db8:0:0::/64')
  assert.equal(ipOf(multiaddr('/ip6/2001:db8:0:0:ffff::2/tcp/4001')), '2001:db8:0:0::/64')
  assert.equal(ipOf(multiaddr('/ip6/2001:0db8:00aa:1:2:3:4:5/tcp/4001')), '2001:db8:aa:1::/64')
  assert.equal(ipOf(multiaddr('/ip6/::ffff:198.51.100.7/tcp/4001')), '198.51.100.7')
  assert.equal(ipOf(multiaddr('/ip6/::1/tcp/4001')), '0:0:0:0::/64')
  assert.equal(ipOf(multiaddr('/dns4/relay.example.org/tcp/4001')), undefined)
  assert.equal(ipOf(multiaddr(`/ip4/198.51.100.7/tcp/4001/p2p/${RELAY}/p2p-circuit`)), undefined)
})

test('a node hands WebRTC the STUN URLs of its bootstrap relays and trusted relays only, newest first', () => {
  assert.deepEqual([...bootstrapPeerIds([`/ip4/198.51.100.7/tcp/4001/p2p/${RELAY}`, 'not an address', '/ip4/198.51.100.8/tcp/1'])], [RELAY])
  const book = createIceServerBook({ bootstrap: [`/ip4/198.51.100.7/tcp/4001/p2p/${RELAY}`] })
  book.learn(RELAY, 'stun:198.51.100.7:3478')
  book.learn(OTHER, 'stun:203.0.113.9:3478')
  assert.deepEqual(book.urls(), ['stun:198.51.100.7:3478'])
  let reserved = false
  book.trustAlso(relay => reserved && relay === OTHER)
  assert.deepEqual(book.urls(), ['stun:198.51.100.7:3478'])
  reserved = true
  assert.deepEqual(book.urls(), ['stun:203.0.113.9:3478', 'stun:198.51.100.7:3478'])
})

test('strangers announcing STUN servers never push a bootstrap relay\'s out of the book', () => {
  const book = createIceServerBook({ bootstrap: [`/ip4/198.51.100.7/tcp/4001/p2p/${RELAY}`], capacity: 4 })
  book.learn(RELAY, 'stun:198.51.100.7:3478')
  for (let i = 0; i < 50; i++) book.learn(`stranger-${i}`, `stun:203.0.113.${i}:3478`)
  assert.deepEqual(book.urls(), ['stun:198.51.100.7:3478'])
})
