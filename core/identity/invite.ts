/**
 * Invites: `tim://invite/<base64url(Invite protobuf)>`. An invite carries one device
 * certificate (so the account id, the device PeerId and its box key, all verifiable) and the
 * addresses that device listens on. Adding a contact needs nothing else.
 */

import { multiaddr } from '@multiformats/multiaddr'
import { fromString, toString } from 'uint8arrays'
import { InvalidInviteError } from '../api/index.ts'
import { decodeInvite, encodeInvite, MAX_INVITE_ADDRS, WIRE_VERSION, type DeviceCertificate } from '../wire/index.ts'
import { verifyDeviceCertificate, type VerifiedDevice } from './certificate.ts'

const INVITE_PREFIX = 'tim://invite/'

export interface ParsedInvite {
  device: VerifiedDevice
  /** multiaddrs of the device, each ending in /p2p/<deviceId> */
  addresses: string[]
}

export function createInvite (certificate: DeviceCertificate, addresses: string[]): string {
  const addrs = addresses.slice(0, MAX_INVITE_ADDRS).map(address => multiaddr(address).bytes)
  return INVITE_PREFIX + toString(encodeInvite({ version: WIRE_VERSION, certificate, addrs }), 'base64url')
}

export function parseInvite (text: string): ParsedInvite {
  const trimmed = typeof text === 'string' ? text.trim() : ''
  if (!trimmed.startsWith(INVITE_PREFIX)) {
    throw new InvalidInviteError(`an invite starts with ${INVITE_PREFIX}`)
  }
  try {
    const invite = decodeInvite(fromString(trimmed.slice(INVITE_PREFIX.length), 'base64url'))
    const device = verifyDeviceCertificate(invite.certificate as DeviceCertificate)
    const addresses = invite.addrs.map(bytes => {
      const address = multiaddr(bytes)
      // Only a final /p2p names the device: in /…/p2p/<relay>/p2p-circuit an earlier one names the relay.
      const last = address.getComponents().at(-1)
      const peer = last?.name === 'p2p' ? last.value : undefined
      if (peer != null && peer !== device.deviceId) {
        throw new Error(`address ${address.toString()} names another peer`)
      }
      return peer == null ? `${address.toString()}/p2p/${device.deviceId}` : address.toString()
    })
    return { device, addresses }
  } catch (err) {
    throw new InvalidInviteError(`the invite is damaged or forged: ${(err as Error).message}`)
  }
}
