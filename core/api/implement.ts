/**
 * One typed way to build or forward a MessengerApi, for every transport and host: a
 * MessengerApi whose every method is made by one function of the method's name
 * (implementApi), the same calls forwarded to an API chosen at call time (forwardApi), and
 * the one wrapper that makes a caller's AbortSignal reject a call (honourAbort). TypeScript
 * follows one method name through a call here, so no transport needs a cast to MessengerApi.
 * Pure functions: no I/O.
 */

import { AbortError } from './errors.ts'
import { raceAbort } from './abort.ts'
import { isPlainObject, messengerMethods, methodParams, type MessengerApi, type MessengerMethod } from './types.ts'

/** The arguments of each method (its positional params, then the options object). */
export type MethodArgs = { [M in MessengerMethod]: Parameters<MessengerApi[M]> }
/** What each method resolves with. */
export type MethodResult = { [M in MessengerMethod]: Awaited<ReturnType<MessengerApi[M]>> }
/** One method of the contract, written so that a generic method name selects its own signature. */
export type ApiMethod<M extends MessengerMethod> = (...args: MethodArgs[M]) => Promise<MethodResult[M]>
/** The contract (or a part of it: K), method by method. MessengerApi is assignable to it. */
export type ApiMethods<K extends MessengerMethod = MessengerMethod> = { [M in K]: ApiMethod<M> }

/** A MessengerApi whose method `m` is `make(m)`, for every method of the contract. */
export function implementApi (make: <M extends MessengerMethod>(method: M) => ApiMethod<M>): MessengerApi {
  // filled below for every name: messengerMethods is the complete list (types.ts checks it)
  const api = {} as ApiMethods
  const add = <M extends MessengerMethod>(method: M): void => {
    const part: ApiMethods<M> = api
    part[method] = make(method)
  }
  messengerMethods.forEach(add)
  return api
}

/** Calls method `method` of `api` with `args`, typed by the method's name. */
export async function callApi<M extends MessengerMethod> (api: MessengerApi, method: M, args: MethodArgs[M]): Promise<MethodResult[M]> {
  const all: ApiMethods = api
  const part: ApiMethods<M> = all
  return await part[method](...args)
}

/** An API whose every call goes to the API `target()` returns at the time of the call (it may throw: no account yet). */
export function forwardApi (target: () => MessengerApi): MessengerApi {
  return implementApi(method => async (...args) => await callApi(target(), method, args))
}

/** The AbortSignal of a call: `signal` of the options object that follows the method's positional params. */
export function callSignal (method: MessengerMethod, args: readonly unknown[]): AbortSignal | undefined {
  const options = args[methodParams[method].length]
  return isPlainObject(options) && options.signal instanceof AbortSignal ? options.signal : undefined
}

/** The same API, where a caller's `{ signal }` rejects the call with AbortError as soon as it aborts. */
export function honourAbort (api: MessengerApi): MessengerApi {
  return implementApi(method => async (...args) => {
    const signal = callSignal(method, args)
    if (signal == null) {
      return await callApi(api, method, args)
    }
    if (signal.aborted) {
      throw new AbortError(`${method} was aborted`)
    }
    return await raceAbort(callApi(api, method, args), signal, `${method} was aborted`)
  })
}
