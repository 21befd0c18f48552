/**
 * rpc — JSON-RPC 2.0 over WebSocket: the transport that the CLI, the web UI and third-party
 * clients use to reach a running node's MessengerApi and MessengerEvents.
 *
 * Owns the wire protocol (protocol.ts), the server a node runs (server.ts: node:http + ws)
 * and the client (client.ts: the WHATWG WebSocket only, so it runs in browsers too).
 * Must not: implement any messenger behaviour (it forwards to the MessengerApi it is given
 * and lets that validate values), listen anywhere but the host it is given, or import Node
 * built-ins in client.ts/protocol.ts. Browser code imports `core/rpc/client.ts` directly,
 * not this index (which pulls in the server).
 *
 * Protocol, at `ws://<host>:<port>/rpc`:
 * - request  `{ jsonrpc: '2.0', id, method, params }`; `method` is a MessengerApi method
 *   and `params` the ARRAY of its positional arguments without the options object
 *   (`send` → `[{ conversation, text }]`, `getMessage` → `[id]`, `stats` → `[]`). The server calls
 *   the method with its own `{ signal }`, aborted when the socket closes or the client
 *   sends `cancel`. Extra methods: `subscribe` / `unsubscribe` (params: event names; result:
 *   the events this socket is now subscribed to) and `cancel` (params: `[id]` of a running
 *   call). A request without an id is a notification: it runs, nothing is answered.
 *   Batches (JSON arrays) are not supported.
 * - response `{ jsonrpc, id, result }` or `{ jsonrpc, id, error: { code, message, data: { name } } }`;
 *   `data.name` is the stable error name (errorToWire / errorFromWire). Codes: -32700 parse
 *   error, -32600 invalid request (both MalformedFrameError), -32601 UnknownMethodError,
 *   -32602 InvalidArgumentError, -32000 an error thrown by the API, -32001 UnauthorizedError,
 *   -32002 RateLimitedError (more than `maxInFlight` calls running on one socket).
 * - server notifications: `{ method: 'ready', params: { version } }` first, once the token
 *   is accepted; then `{ method: 'event', params: { event, data } }` for subscribed events.
 *
 * Auth: the token travels as `?token=` (browsers cannot set WebSocket headers) or as an
 * `Authorization: Bearer` header, and is compared in constant time. A missing or wrong
 * token does NOT get an HTTP 401: browsers (and Node's global WebSocket) cannot read the
 * status of a refused upgrade. Instead the server accepts the upgrade, sends one error
 * response `{ id: null, error: { code: -32001, data: { name: 'UnauthorizedError' } } }`, and
 * closes with code 4401 without reading anything; the client maps close code 4401 to
 * UnauthorizedError in every runtime. A request whose `Origin` header is present and not in
 * `allowedOrigins` is refused at the upgrade with HTTP 403 (so web pages cannot talk to a
 * local node); any other failure to connect is NodeUnavailableError.
 *
 * Limits: frames larger than `maxPayloadBytes` close that socket (1009); a socket that does
 * not read what it is sent (more than `maxBufferedBytes` queued) is dropped.
 */

export { createRpcServer } from './server.ts'
export type { RpcServer, RpcServerComponents, RpcServerInit } from './server.ts'
export { createRpcClient } from './client.ts'
export type { RpcClient, RpcClientInit, WebSocketConstructor, WebSocketLike } from './client.ts'
export {
  CLOSE_UNAUTHORIZED, RPC_PATH, RPC_PROTOCOL_VERSION, methodParams, rpcErrorCodes
} from './protocol.ts'
export type { EventNotification, JsonRpcRequest, JsonRpcResponse, ReadyNotification } from './protocol.ts'
