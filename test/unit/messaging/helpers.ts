/**
 * Helpers for the messaging unit tests: real identities (keys.json in a temp directory,
 * loaded back) and extra devices certified by an account.
 */

import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { generateBoxKeyPair } from '../../../core/crypto/index.ts'
import {
  createIdentity, issueDeviceCertificate, loadIdentity, verifyDeviceCertificate, type LocalIdentity, type VerifiedDevice
} from '../../../core/identity/index.ts'
import { tempDir, type AfterHook } from '../../helpers/temp-dir.ts'

export interface TestIdentity {
  identity: LocalIdentity
  /** this identity's device as a peer sees it once its certificate verified */
  device: VerifiedDevice
}

export async function newIdentity (t: AfterHook, name: string): Promise<TestIdentity> {
  const dir = await tempDir(t)
  await createIdentity(dir, { name })
  const identity = await loadIdentity(dir)
  return { identity, device: verifyDeviceCertificate(identity.certificate) }
}

/** Another device of the same account, certified by its account key. */
export async function otherDevice (identity: LocalIdentity, name: string, created?: number): Promise<VerifiedDevice> {
  const deviceId = peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
  return verifyDeviceCertificate(issueDeviceCertificate({
    accountSigner: identity.accountSigner, deviceId, boxKey: generateBoxKeyPair().publicKey, name, created
  }))
}
