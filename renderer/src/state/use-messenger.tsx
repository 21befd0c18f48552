/**
 * React access to the transport and the store: <MessengerProvider> holds them, hooks read
 * them. useMessengerState(select) re-renders only when the selected value changes.
 */

import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react'
import type { ConnectionState, Transport } from '../transport/index.ts'
import type { MessengerState, MessengerStore } from './messenger-store.ts'

interface MessengerContextValue {
  transport: Transport
  store: MessengerStore
}

const MessengerContext = createContext<MessengerContextValue | null>(null)

export function MessengerProvider ({ transport, store, children }: MessengerContextValue & { children: ReactNode }): ReactNode {
  return <MessengerContext value={{ transport, store }}>{children}</MessengerContext>
}

function useMessengerContext (): MessengerContextValue {
  const value = useContext(MessengerContext)
  if (value === null) throw new Error('useMessenger* must be used inside <MessengerProvider>')
  return value
}

export function useTransport (): Transport {
  return useMessengerContext().transport
}

export function useStore (): MessengerStore {
  return useMessengerContext().store
}

export function useMessengerState<T> (select: (state: MessengerState) => T): T {
  const { store } = useMessengerContext()
  return useSyncExternalStore(store.subscribe, () => select(store.getState()))
}

/** The transport's connection state, re-rendering when it changes. */
export function useConnection (): ConnectionState {
  const { transport } = useMessengerContext()
  return useSyncExternalStore(transport.onConnection, transport.connection)
}
