/**
 * A node's local endpoints, started in the one order that works: the JSON-RPC server that
 * the CLI and third-party clients use and, with `ui`, the web host that serves the renderer.
 * The RPC server refuses pages from origins it does not list, and the web host's origin
 * (its port) is known only once it listens, so: web host first, then the RPC server with
 * `allowedOrigins: [web.origin]`; the web host reads the RPC URL when a page logs in.
 * Owns nothing else: the caller keeps the node, the token and api.json.
 */

import type { MessengerApi, MessengerEventSource } from '../../core/api/index.ts'
import { InvalidArgumentError } from '../../core/api/index.ts'
import { createRpcServer, type RpcServer } from '../../core/rpc/index.ts'
import type { LoginCodesInit } from './login-codes.ts'
import { createWebHost, type WebHost } from './web-host.ts'

export interface LocalApiInit {
  api: MessengerApi & MessengerEventSource
  /** the API token (also what a page gets once it logs in) */
  token: string
  /** where the JSON-RPC API listens (port 0: a free one) */
  rpc: { host: string, port: number }
  /** serve the UI as well; the RPC host must then be 127.0.0.1 (the page's CSP allows only that) */
  ui?: { staticDir: string, host?: string, port?: number, login?: LoginCodesInit }
}

export interface LocalApi {
  rpc: RpcServer
  /** undefined without `ui` */
  web: WebHost | undefined
  /** stops both; API clients get until `options.signal` aborts to hang up */
  stop: (options?: { signal?: AbortSignal }) => Promise<void>
}

/** The hosts whose RPC URL a UI page may connect to (its CSP says ws://127.0.0.1:*). */
const UI_RPC_HOSTS = ['127.0.0.1', 'localhost']

/** Throws unless a UI page could reach an RPC server listening on `host`. */
export function checkUiRpcHost (host: string): void {
  if (!UI_RPC_HOSTS.includes(host)) {
    throw new InvalidArgumentError(`the UI needs the API on 127.0.0.1, not ${host}: the page may connect to ws://127.0.0.1 only`)
  }
}

export async function startLocalApi (init: LocalApiInit): Promise<LocalApi> {
  const { ui } = init
  if (ui !== undefined) checkUiRpcHost(init.rpc.host)
  let rpc: RpcServer | undefined
  const web = ui === undefined
    ? undefined
    : createWebHost({
      rpcToken: init.token,
      rpcUrl: () => {
        if (rpc === undefined) throw new Error('the RPC server is not started yet')
        return rpc.url
      },
      staticDir: ui.staticDir,
      host: ui.host,
      port: ui.port,
      login: ui.login
    })
  await web?.start()
  try {
    rpc = createRpcServer({ api: init.api }, {
      host: init.rpc.host,
      port: init.rpc.port,
      token: init.token,
      allowedOrigins: web === undefined ? [] : [web.origin]
    })
    await rpc.start()
    if (web !== undefined && !rpc.url.startsWith('ws://127.0.0.1:')) {
      await rpc.stop()
      throw new InvalidArgumentError(`the UI needs the API on 127.0.0.1, but ${init.rpc.host} resolved to ${rpc.url}`)
    }
  } catch (err) {
    await web?.stop()
    throw err
  }
  const server = rpc
  return {
    rpc: server,
    web,
    async stop (options = {}) {
      // the web host first: no new logins while the API goes away
      await web?.stop()
      await server.stop(options)
    }
  }
}
