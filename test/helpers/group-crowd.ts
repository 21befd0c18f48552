/**
 * Crowds for large-group tests and benchmarks: member accounts with no device running (an
 * account is only its key: its owner has never started a node, so no DHT record names a device
 * of it), and a wait until a running peer's account record can be found in the DHT (what a
 * member who is not a contact needs before others can reach its devices).
 */

import { generateKeyPairSync } from 'node:crypto'
import type { AccountId } from '../../core/api/index.ts'
import { accountIdFromPublicKey, accountRecordKey } from '../../core/identity/index.ts'
import type { TimNode } from '../../core/index.ts'
import { waitFor } from './wait-for.ts'

/** `count` fresh account ids (Ed25519 keys from node:crypto: a few µs each, where tweetnacl takes ms). */
export function offlineAccounts (count: number): AccountId[] {
  return Array.from({ length: count }, () => {
    const { x } = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' })
    return accountIdFromPublicKey(Buffer.from(x as string, 'base64url'))
  })
}

/** Whether `node` finds a record of `account` in the DHT now. */
async function recordFound (node: TimNode, account: AccountId): Promise<boolean> {
  try {
    for await (const event of node.libp2p.services.dht.get(accountRecordKey(account), { signal: AbortSignal.timeout(5_000) })) {
      if (event.name === 'VALUE') return true
    }
  } catch {
    // not found within the bound: asked again
  }
  return false
}

/** Resolves once `node` finds each account's record in the DHT (they have published it). */
export async function recordsPublished (node: TimNode, accounts: AccountId[], timeoutMs = 15_000): Promise<void> {
  for (const account of accounts) {
    await waitFor(async () => await recordFound(node, account), found => found, { timeoutMs, what: `the DHT record of ${account}` })
  }
}
