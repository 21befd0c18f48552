/**
 * In-process Tim peers for integration tests: each has its own identity, data directory,
 * level database and libp2p node listening on 127.0.0.1 with mDNS off. `waitFor` polls a
 * condition with a bound on time, so no test can hang.
 */

import { join } from 'node:path'
import { createIdentity, createNode, type TimNode, type TimNodeInit } from '../../core/index.ts'
import type { AccountId } from '../../core/api/index.ts'
import { tempDir, type AfterHook } from './temp-dir.ts'
import { waitFor } from './wait-for.ts'

export interface TestPeer {
  name: string
  dataDir: string
  node: TimNode
  account: AccountId
  invite: () => Promise<string>
}

/** Settings every test node gets: loopback only, no mDNS, quick retries. */
export const loopbackInit = {
  listen: ['/ip4/127.0.0.1/tcp/0'],
  mdns: false,
  inboundConnectionThreshold: 1000,
  /** relays answer STUN on a random port, so several run side by side */
  stunPort: 0,
  messaging: { retryMinMs: 100, retryMaxMs: 1000, dialTimeoutMs: 3000, publishPrivateAddresses: true }
} satisfies Partial<TimNodeInit>

export async function startPeer (t: AfterHook, name: string, init: Partial<TimNodeInit> = {}): Promise<TestPeer> {
  const dataDir = join(await tempDir(t), name.toLowerCase())
  await createIdentity(dataDir, { name })
  const node = await createNode({ ...loopbackInit, ...init, dataDir })
  t.after(async () => { await node.stop() })
  return {
    name,
    dataDir,
    node,
    account: node.identity.accountId,
    invite: async () => (await node.api.getIdentity()).invite
  }
}

/** Two peers that have added each other, once each has the other's contact request (friends on both sides). */
export async function startFriends (t: AfterHook, names: [string, string] = ['Alice', 'Bob']): Promise<[TestPeer, TestPeer]> {
  const a = await startPeer(t, names[0])
  const b = await startPeer(t, names[1])
  await befriend(a, b)
  return [a, b]
}

/**
 * `a` and `b` add each other and wait until each has the other's contact request: nothing of
 * the introduction is left to travel later and change what a test counts. A request that
 * missed the delivery deadline (a slow machine) went to the mailboxes: it is collected meanwhile.
 */
export async function befriend (a: TestPeer, b: TestPeer): Promise<void> {
  await a.node.api.addContact({ invite: await b.invite() })
  await b.node.api.addContact({ invite: await a.invite() })
  for (const [self, other] of [[a, b], [b, a]]) {
    let collected = Date.now()
    await waitFor(async () => {
      // a request is late only now and then: its mailboxes are looked at once a second, not at every poll
      if (Date.now() - collected >= 1000) {
        collected = Date.now()
        await self.node.collectMail()
      }
      return (await self.node.api.listContacts()).find(c => c.accountId === other.account)?.friend
      // a bound against hanging, not a speed: on a loaded machine an introduction may go the long way (a retry, the mailboxes)
    }, friend => friend === true, { what: `${self.name} to see ${other.name} as a friend`, timeoutMs: 45_000 })
  }
}

export { waitFor, type WaitOptions } from './wait-for.ts'
