/**
 * `tim id` — this account's id, device id and invite link. Asks the running node (current
 * addresses); when it is not running, builds the invite from the keystore and the addresses
 * the node last listened on (DIR/node.json), and says those may be stale.
 */

import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Identity } from '../../../core/api/index.ts'
import { dataOption, jsonOption, type CommandSpec } from '../command.ts'
import { callOptions, withNode } from '../connect.ts'
import { timCommand, type DataDir } from '../data-dir.ts'
import { note, printJson, printLine } from '../output.ts'

export const idCommand: CommandSpec = {
  name: 'id',
  summary: 'print your account id, device id and invite link (tim://…)',
  options: { ...dataOption, ...jsonOption },
  details: [
    'Give the invite link to a contact: `tim contacts add \'<invite>\'` adds you.'
  ],
  positionals: { min: 0, max: 0 },
  run: async ({ dataDir, json }) => {
    const identity = await fromRunningNode(dataDir) ?? await fromDataDir(dataDir)
    if (json) {
      printJson({ accountId: identity.accountId, deviceId: identity.deviceId, name: identity.name, invite: identity.invite, addresses: identity.addresses })
      return 0
    }
    printLine(`account: ${identity.accountId}`)
    printLine(`name:    ${identity.name}`)
    printLine(`device:  ${identity.deviceId}`)
    printLine(`invite:  ${identity.invite}`)
    for (const address of identity.addresses) printLine(`address: ${address}`)
    return 0
  }
}

async function fromRunningNode (dataDir: DataDir): Promise<Identity | undefined> {
  try {
    return await withNode(dataDir, async api => await api.getIdentity(callOptions()))
  } catch (err) {
    if (err instanceof Error && err.name === 'NodeUnavailableError') return undefined
    throw err
  }
}

/** The listen addresses of the node's last run, made dialable, each ending in /p2p/<device>. */
async function rememberedAddresses (dataDir: string, deviceId: string): Promise<string[]> {
  let listen: unknown
  try {
    listen = (JSON.parse(await readFile(join(dataDir, 'node.json'), 'utf8')) as { listen?: unknown }).listen
  } catch {
    return []
  }
  if (!Array.isArray(listen)) return []
  return listen
    .filter((address): address is string => typeof address === 'string' && !address.includes('/tcp/0'))
    .map(address => address.replace('/ip4/0.0.0.0/', '/ip4/127.0.0.1/').replace('/ip6/::/', '/ip6/::1/'))
    .map(address => address.includes('/p2p/') ? address : `${address}/p2p/${deviceId}`)
}

async function fromDataDir (dataDir: DataDir): Promise<Identity> {
  const { readPublicIdentity, createInvite } = await import('../../../core/identity/index.ts')
  const identity = await readPublicIdentity(dataDir.path)
  const addresses = await rememberedAddresses(dataDir.path, identity.deviceId)
  note(addresses.length === 0
    ? `note: the node is not running and has never listened; the invite has no addresses (start it with \`${timCommand(dataDir, 'node')}\`)`
    : `note: the node is not running; these are the addresses of its last run and may be stale (start it with \`${timCommand(dataDir, 'node')}\`)`)
  return {
    accountId: identity.accountId,
    name: identity.name,
    deviceId: identity.deviceId,
    addresses,
    invite: createInvite(identity.certificate, addresses)
  }
}
