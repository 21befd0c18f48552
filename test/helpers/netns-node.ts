/**
 * A Tim node driven over stdio, for tests that run it where they cannot reach its JSON-RPC
 * API directly (inside a network namespace): `node --import tsx netns-node.ts <init-json>`.
 * It creates an identity in `init.dataDir` unless there is one (a node restarted on the same
 * directory), starts createNode(init), prints one JSON line
 * `{ ready: { accountId, deviceId } }`, then answers one JSON line per request line:
 * request `{ id, cmd, args }`, reply `{ id, result }` or `{ id, error: { name, message } }`.
 * Commands: see `commands` below. Exits on `stop` or when stdin closes. Prints nothing else
 * on stdout (libp2p's DEBUG logs go to stderr).
 */

import { createInterface } from 'node:readline'
import { peerIdFromString } from '@libp2p/peer-id'
import { createIdentity, createNode, hasIdentity, type TimNode, type TimNodeInit } from '../../core/index.ts'
import { connectionPath } from '../../core/net/index.ts'
import { dmConversation } from '../../core/api/index.ts'

export interface NetnsNodeRequest {
  id: number
  cmd: string
  args: unknown[]
}

export interface NetnsNodeReply {
  id: number
  result?: unknown
  error?: { name: string, message: string }
}

export interface ConnectionView {
  peer: string
  remoteAddr: string
  direction: string
  path: string
  openedAt: number
}

type Command = (node: TimNode, args: string[]) => Promise<unknown> | unknown

const commands: Record<string, Command> = {
  identity: async (node) => await node.api.getIdentity(),
  addresses: (node) => node.addresses(),
  reservations: (node) => node.libp2p.services.net.reservations(),
  iceServers: (node) => node.libp2p.services.net.iceServers(),
  addContact: async (node, [invite]) => await node.api.addContact({ invite: invite ?? '' }),
  contacts: async (node) => await node.api.listContacts(),
  send: async (node, [to, text]) => await node.api.send({ conversation: dmConversation(to ?? ''), text: text ?? '' }),
  message: async (node, [id]) => await node.api.getMessage(id ?? ''),
  history: async (node, [peer]) => await node.api.history({ conversation: dmConversation(peer ?? ''), limit: 100 }),
  connections: (node, [peer]): ConnectionView[] => node.libp2p.getConnections(peer == null ? undefined : peerIdFromString(peer))
    .filter(connection => connection.status === 'open')
    .map(connection => ({
      peer: connection.remotePeer.toString(),
      remoteAddr: connection.remoteAddr.toString(),
      direction: connection.direction,
      path: connectionPath(connection),
      openedAt: connection.timeline.open
    })),
  upgradeFailure: (node, [peer]) => node.libp2p.services.net.upgradeFailure(peer ?? '') ?? null,
  upgradeStats: (node) => node.libp2p.services.net.upgradeStats() ?? null,
  /** what the node serves others (core/api ServingStats) */
  serving: async (node) => (await node.api.stats()).serving ?? null,
  /** DHT servers in the node's routing table */
  dhtServers: (node) => (node.libp2p.services.dht as unknown as { routingTable: { size: number } }).routingTable.size
}

function write (message: unknown): void {
  process.stdout.write(JSON.stringify(message) + '\n')
}

async function main (): Promise<void> {
  const init = JSON.parse(process.argv[2] ?? '{}') as TimNodeInit & { name: string }
  if (!await hasIdentity(init.dataDir)) await createIdentity(init.dataDir, { name: init.name })
  const node = await createNode(init)
  let stopping: Promise<void> | undefined
  const stop = async (): Promise<void> => {
    stopping ??= node.stop()
    await stopping
  }
  write({ ready: { accountId: node.identity.accountId, deviceId: node.identity.deviceId } })

  const lines = createInterface({ input: process.stdin })
  lines.on('line', (line) => {
    let request: NetnsNodeRequest
    try {
      request = JSON.parse(line) as NetnsNodeRequest
    } catch {
      return
    }
    void (async () => {
      try {
        if (request.cmd === 'stop') {
          await stop()
          write({ id: request.id, result: null })
          process.exit(0)
        }
        const command = commands[request.cmd]
        if (command == null) throw new Error(`unknown command ${request.cmd}`)
        write({ id: request.id, result: await command(node, request.args.map(String)) ?? null })
      } catch (err) {
        const error = err as Error
        write({ id: request.id, error: { name: error.name, message: error.message } })
      }
    })()
  })
  lines.on('close', () => { void stop().finally(() => process.exit(0)) })
}

main().catch((err: Error) => {
  process.stderr.write(`netns-node: ${err.stack ?? err.message}\n`)
  process.exit(1)
})
