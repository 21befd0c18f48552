/**
 * A second device of an existing account, for tests of what each of an account's devices
 * sees: a data directory whose keystore holds the same account key, a new device key and box
 * key, and a certificate for the new device signed by the account. (Tim has no device-linking
 * flow yet; this writes the keystore that one would, unencrypted.)
 */

import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { generateKeyPair, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { fromString, toString } from 'uint8arrays'
import { createSigner, generateBoxKeyPair, signingKeyPairFromSeed } from '../../core/crypto/index.ts'
import { issueDeviceCertificate } from '../../core/identity/index.ts'
import { encodeCertificate } from '../../core/wire/index.ts'

interface Keystore {
  version: number
  accountId: string
  name: string
  deviceId: string
  certificate: string
  secrets?: string
}

/** Writes `dataDir` as another device, named `name`, of the account in `accountDataDir`. */
export async function linkDevice (accountDataDir: string, dataDir: string, name: string): Promise<void> {
  const keystore = JSON.parse(await readFile(join(accountDataDir, 'keys.json'), 'utf8')) as Keystore
  if (keystore.secrets == null) {
    throw new Error('linkDevice needs an unencrypted keystore')
  }
  const secrets = JSON.parse(toString(fromString(keystore.secrets, 'base64'))) as { accountSeed: string }
  const account = signingKeyPairFromSeed(fromString(secrets.accountSeed, 'base64'))
  const deviceKey = await generateKeyPair('Ed25519')
  const box = generateBoxKeyPair()
  const deviceId = peerIdFromPrivateKey(deviceKey).toString()
  const certificate = issueDeviceCertificate({ accountSigner: createSigner(account), deviceId, boxKey: box.publicKey, name })
  const linked: Keystore = {
    ...keystore,
    deviceId,
    name,
    certificate: toString(encodeCertificate(certificate), 'base64'),
    secrets: toString(fromString(JSON.stringify({
      accountSeed: secrets.accountSeed,
      deviceKey: toString(privateKeyToProtobuf(deviceKey), 'base64'),
      boxSecretKey: toString(box.secretKey, 'base64')
    })), 'base64')
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  await writeFile(join(dataDir, 'keys.json'), JSON.stringify(linked, null, 2) + '\n', { mode: 0o600 })
}
