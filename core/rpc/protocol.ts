/**
 * The JSON-RPC 2.0 message shapes, error codes and validators that the RPC server and
 * client share. Pure data and functions: no I/O, no Node built-ins (the client imports
 * this file in the browser too).
 */

import { isPlainObject, type MessengerEventName, type MessengerEvents, type WireError } from '../api/index.ts'

/** The HTTP path of the WebSocket endpoint. */
export const RPC_PATH = '/rpc'

/** Bumped when the wire protocol changes incompatibly; sent in the `ready` notification. */
export const RPC_PROTOCOL_VERSION = 1

/** WebSocket close code for a missing or wrong token (4000–4999 is for applications). */
export const CLOSE_UNAUTHORIZED = 4401

/** JSON-RPC error codes. -32000…-32099 are the implementation-defined server errors. */
export const rpcErrorCodes = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  /** the MessengerApi method threw: `data.name` says which error */
  applicationError: -32000,
  unauthorized: -32001,
  rateLimited: -32002
} as const

/** Error name a client uses when a server error carries no `data.name`. */
export function errorNameForCode (code: number): string {
  switch (code) {
    case rpcErrorCodes.parseError:
    case rpcErrorCodes.invalidRequest: return 'MalformedFrameError'
    case rpcErrorCodes.methodNotFound: return 'UnknownMethodError'
    case rpcErrorCodes.invalidParams: return 'InvalidArgumentError'
    case rpcErrorCodes.unauthorized: return 'UnauthorizedError'
    case rpcErrorCodes.rateLimited: return 'RateLimitedError'
    default: return 'Error'
  }
}

/** Methods the RPC layer adds besides the MessengerApi ones. */
export type RpcControlMethod = 'subscribe' | 'unsubscribe' | 'cancel'

export type JsonRpcId = string | number | null

export interface JsonRpcRequest {
  jsonrpc: '2.0'
  /** absent for a notification (no response is sent) */
  id?: JsonRpcId
  method: string
  params?: unknown
}

export interface JsonRpcErrorObject {
  code: number
  message: string
  data: { name: string }
}

export interface JsonRpcSuccess {
  jsonrpc: '2.0'
  id: JsonRpcId
  result: unknown
}

export interface JsonRpcFailure {
  jsonrpc: '2.0'
  id: JsonRpcId
  error: JsonRpcErrorObject
}

export type JsonRpcResponse = JsonRpcSuccess | JsonRpcFailure

/** `{ method: 'event' }`: one MessengerEvents event, to sockets subscribed to it. */
export interface EventNotification<E extends MessengerEventName = MessengerEventName> {
  jsonrpc: '2.0'
  method: 'event'
  params: { event: E, data: MessengerEvents[E] }
}

export { checkMethodParams, methodParams, type ParamKind } from '../api/index.ts'

/** `{ method: 'ready' }`: the first frame after a successful token check. */
export interface ReadyNotification {
  jsonrpc: '2.0'
  method: 'ready'
  params: { version: number }
}


/** Shape check of one parsed frame: a request, or a sentence saying why it is not one. */
export function checkRequest (frame: unknown): JsonRpcRequest | string {
  if (!isPlainObject(frame)) return 'a request must be a JSON object (batches are not supported)'
  if (frame.jsonrpc !== '2.0') return 'jsonrpc must be "2.0"'
  if ('id' in frame && !isValidId(frame.id)) return 'id must be a string, a number or null'
  if (typeof frame.method !== 'string') return 'method must be a string'
  return frame as unknown as JsonRpcRequest
}

export function isValidId (id: unknown): id is JsonRpcId {
  return id === null || typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id))
}

/** The id of a frame that failed validation, when one can be read from it (else null). */
export function idOf (frame: unknown): JsonRpcId {
  if (isPlainObject(frame) && isValidId(frame.id)) return frame.id
  return null
}

export function isControlMethod (method: string): method is RpcControlMethod {
  return method === 'subscribe' || method === 'unsubscribe' || method === 'cancel'
}

export function successResponse (id: JsonRpcId, result: unknown): JsonRpcSuccess {
  return { jsonrpc: '2.0', id, result: result === undefined ? null : result }
}

export function failureResponse (id: JsonRpcId, code: number, wire: WireError): JsonRpcFailure {
  return { jsonrpc: '2.0', id, error: { code, message: wire.message, data: { name: wire.name } } }
}

/**
 * Classifies one frame the client received from the server. Anything else (wrong shapes)
 * comes back as `undefined` and is ignored.
 */
export type ServerFrame =
  | { kind: 'response', id: JsonRpcId, result?: unknown, error?: WireError }
  | { kind: 'event', event: string, data: unknown }
  | { kind: 'ready', version: number }

export function parseServerFrame (frame: unknown): ServerFrame | undefined {
  if (!isPlainObject(frame) || frame.jsonrpc !== '2.0') return undefined
  if (typeof frame.method === 'string') {
    const params = frame.params
    if (!isPlainObject(params)) return undefined
    if (frame.method === 'event' && typeof params.event === 'string') {
      return { kind: 'event', event: params.event, data: params.data }
    }
    if (frame.method === 'ready' && typeof params.version === 'number') {
      return { kind: 'ready', version: params.version }
    }
    return undefined
  }
  if (!('id' in frame) || !isValidId(frame.id)) return undefined
  if ('error' in frame) {
    const error = frame.error
    if (!isPlainObject(error) || typeof error.code !== 'number') return undefined
    const message = typeof error.message === 'string' ? error.message : 'unknown error'
    const data = error.data
    const name = isPlainObject(data) && typeof data.name === 'string' ? data.name : errorNameForCode(error.code)
    return { kind: 'response', id: frame.id, error: { name, message } }
  }
  if ('result' in frame) return { kind: 'response', id: frame.id, result: frame.result }
  return undefined
}
