/**
 * The `/tim/msg` protocol as a service shaped like libp2p's own (@libp2p/identify): a factory
 * taking its Init, narrow Components (the registrar and a logger), the handler registered in
 * start() and removed in stop(). The handler itself is the receiver (receiver.ts).
 */

import type { ComponentLogger, Logger, Startable, StreamHandler } from '@libp2p/interface'
import { MSG_PROTOCOL } from './frames.ts'

export interface MsgServiceComponents {
  registrar: {
    handle: (protocol: string, handler: StreamHandler, options?: { maxInboundStreams?: number }) => Promise<void>
    unhandle: (protocol: string) => Promise<void> | void
  }
  logger: ComponentLogger
}

export interface MsgServiceInit {
  handler: StreamHandler
  /** a device needs one stream at a time; a few more cover reconnection races */
  maxInboundStreams: number
}

export class MsgService implements Startable {
  private readonly components: MsgServiceComponents
  private readonly init: MsgServiceInit
  private readonly log: Logger
  private started = false

  constructor (components: MsgServiceComponents, init: MsgServiceInit) {
    this.components = components
    this.init = init
    this.log = components.logger.forComponent('tim:msg')
  }

  readonly [Symbol.toStringTag] = 'tim/msg'

  isStarted (): boolean {
    return this.started
  }

  async start (): Promise<void> {
    await this.components.registrar.handle(MSG_PROTOCOL, this.init.handler, { maxInboundStreams: this.init.maxInboundStreams })
    this.started = true
    this.log('handling %s', MSG_PROTOCOL)
  }

  async stop (): Promise<void> {
    await this.components.registrar.unhandle(MSG_PROTOCOL)
    this.started = false
  }
}

export function msgService (init: MsgServiceInit): (components: MsgServiceComponents) => MsgService {
  return (components) => new MsgService(components, init)
}
