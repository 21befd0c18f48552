/**
 * Outgoing signals, one lane per device: a device gets its signals one at a time and in
 * order (the next is sent once the previous stream was handled and closed), and what piles
 * up meanwhile is merged into one signal (the newest presence and the newest typing win), so
 * a burst of changes costs one frame, never a queue. A lane exists only while it has
 * something to send.
 */

import type { PeerId } from '@libp2p/interface'
import type { Signal } from './frames.ts'

export interface SignalLanesInit {
  /** sends one signal to a device and resolves once the device handled it */
  deliver: (peer: PeerId, signal: Signal) => Promise<void>
  onError: (peer: PeerId, err: Error) => void
}

export interface SignalLanes {
  /**
   * queues `signal` for `peer`, merged into what waits for it (`replace`: instead of it);
   * resolves once it was delivered or failed
   */
  send: (peer: PeerId, signal: Signal, options?: { replace?: boolean }) => Promise<void>
}

interface Lane {
  waiting: Signal | null
  /** callers whose signal is merged into `waiting` */
  waiters: Array<() => void>
}

export function createSignalLanes (init: SignalLanesInit): SignalLanes {
  const lanes = new Map<string, Lane>()

  const drain = async (peer: PeerId, lane: Lane): Promise<void> => {
    while (lane.waiting != null) {
      const signal = lane.waiting
      const waiters = lane.waiters
      lane.waiting = null
      lane.waiters = []
      try {
        await init.deliver(peer, signal)
      } catch (err) {
        init.onError(peer, err as Error)
      }
      waiters.forEach(resolve => { resolve() })
    }
    lanes.delete(peer.toString())
  }

  return {
    send: async (peer, signal, options = {}) => {
      const key = peer.toString()
      let lane = lanes.get(key)
      const idle = lane == null
      lane ??= { waiting: null, waiters: [] }
      lanes.set(key, lane)
      lane.waiting = options.replace === true ? signal : { ...lane.waiting, ...signal }
      const sent = new Promise<void>(resolve => { lane.waiters.push(resolve) })
      if (idle) {
        void drain(peer, lane)
      }
      await sent
    }
  }
}
