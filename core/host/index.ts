/**
 * host — the life of one node inside a process (`tim node`, the Electron main process, the
 * web host): its MessengerApi exists before the account does, so a UI can onboard (create
 * the account) and then use the very same API; the node starts once an account exists and
 * stops once. Owns no data of its own: createIdentity and createNode own the data directory.
 *
 * The API is built once: the host's one event hub is handed to the node, which emits into it
 * (so subscriptions made before onboarding hold), every other method is forwarded, typed, to
 * the running node's methods, and honourAbort wraps the result once.
 */

import {
  forwardApi, honourAbort, IdentityExistsError, InvalidArgumentError, NoIdentityError, PassphraseRequiredError, isPlainObject,
  type CreateAccountRequest, type Identity, type MessengerApi, type UnlockRequest
} from '../api/index.ts'
import { createEventHub } from '../messaging/index.ts'
import { createIdentity, createNode, hasIdentity, type NodeApi, type TimNode, type TimNodeInit } from '../index.ts'

export interface NodeHost {
  /** the API of this process's node, from before onboarding on */
  api: NodeApi
  /** the running node, or null before an account exists */
  node: () => TimNode | null
  /**
   * starts the node if the data directory holds an account; otherwise waits for
   * createAccount, and with encrypted keys and no passphrase it stays locked until unlock
   */
  start: () => Promise<void>
  /** the account exists but its keys are encrypted and not opened yet */
  locked: () => boolean
  stop: () => Promise<void>
}

export function createNodeHost (init: TimNodeInit): NodeHost {
  const events = createEventHub()
  let node: TimNode | null = null
  let starting: Promise<TimNode> | null = null
  let stopped = false
  let locked = false

  const boot = async (passphrase?: string): Promise<TimNode> => {
    starting ??= (async () => {
      const started = await createNode({ ...init, passphrase: passphrase ?? init.passphrase }, { events })
      node = started
      return started
    })().catch((err: Error) => {
      starting = null
      throw err
    })
    return starting
  }

  const running = (): TimNode => {
    if (locked) {
      throw new PassphraseRequiredError('the account on this node is locked: unlock it with its passphrase')
    }
    if (node == null) {
      throw new NoIdentityError('there is no account on this node yet: create one first')
    }
    return node
  }

  const unlock = async (request: UnlockRequest): Promise<Identity> => {
    if (!isPlainObject(request) || typeof request.passphrase !== 'string') {
      throw new InvalidArgumentError('unlock needs { passphrase }')
    }
    if (node == null && !locked) {
      throw new NoIdentityError('there is no account on this node yet: create one first')
    }
    const started = node ?? await boot(request.passphrase)
    locked = false
    return await started.methods.getIdentity()
  }

  const createAccount = async (request: CreateAccountRequest): Promise<Identity> => {
    if (!isPlainObject(request) || typeof request.name !== 'string') {
      throw new InvalidArgumentError('createAccount needs { name }')
    }
    if (node != null || await hasIdentity(init.dataDir)) {
      throw new IdentityExistsError(`${init.dataDir} already holds an account`)
    }
    await createIdentity(init.dataDir, { name: request.name, passphrase: request.passphrase })
    return await (await boot(request.passphrase)).methods.getIdentity()
  }

  const methods: MessengerApi = { ...forwardApi(() => running().methods), createAccount, unlock }

  return {
    api: { ...honourAbort(methods), on: events.on },
    node: () => node,
    start: async () => {
      if (!await hasIdentity(init.dataDir)) {
        return
      }
      try {
        await boot()
      } catch (err) {
        if ((err as Error).name !== 'PassphraseRequiredError') {
          throw err
        }
        locked = true
      }
    },
    locked: () => locked,
    stop: async () => {
      if (stopped) {
        return
      }
      stopped = true
      await (await starting?.catch(() => null))?.stop()
    }
  }
}
