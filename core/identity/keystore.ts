/**
 * The keystore file `<data>/keys.json` (mode 0600): the account key, the device key (a libp2p
 * Ed25519 key), the device X25519 box key and the device certificate. Public parts are kept
 * in clear so that `tim id` works without a passphrase; the secrets are optionally sealed
 * with nacl.secretbox under a scrypt-derived key. Creating or loading the keys also makes
 * the whole data directory its owner's only (directories 0700, files 0600), whatever modes
 * it had before.
 */

import { chmod, link, mkdir, open, readFile, rename, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import type { PrivateKey } from '@libp2p/interface'
import { fromString, toString } from 'uint8arrays'
import {
  IdentityExistsError, NoIdentityError, PassphraseRequiredError, WrongPassphraseError,
  InvalidArgumentError, limits, type AccountId, type DeviceId
} from '../api/index.ts'
import {
  boxKeyPairFromSecretKey, createSigner, defaultScryptParams, deriveKeyFromPassphrase,
  generateBoxKeyPair, generateSigningKeyPair, randomBytes, secretboxOpen, secretboxSeal,
  signingKeyPairFromSeed, SECRETBOX_NONCE_BYTES, type BoxKeyPair, type ScryptParams, type Signer
} from '../crypto/index.ts'
import { decodeCertificate, encodeCertificate, type DeviceCertificate } from '../wire/index.ts'
import { restrictToOwner } from '../store/index.ts'
import { accountIdFromPublicKey } from './account-id.ts'
import { issueDeviceCertificate } from './certificate.ts'

const KEYSTORE_FILE = 'keys.json'
const KEYSTORE_VERSION = 1

/** Everything a running node needs to speak for its account on this device. */
export interface LocalIdentity {
  accountId: AccountId
  name: string
  accountSigner: Signer
  deviceId: DeviceId
  /** the libp2p private key: the node's PeerId */
  deviceKey: PrivateKey
  /** signs envelopes and acks with the device key */
  deviceSigner: Signer
  boxKeyPair: BoxKeyPair
  certificate: DeviceCertificate
}

/** What can be read without the passphrase. */
export interface PublicIdentity {
  accountId: AccountId
  name: string
  deviceId: DeviceId
  certificate: DeviceCertificate
  encrypted: boolean
}

interface SealedSecrets {
  kdf: 'scrypt'
  params: ScryptParams
  salt: string
  nonce: string
  ciphertext: string
}

interface KeystoreFile {
  version: number
  accountId: AccountId
  name: string
  deviceId: DeviceId
  certificate: string
  /** base64 of the secrets JSON when not encrypted */
  secrets?: string
  sealed?: SealedSecrets
}

interface Secrets {
  accountSeed: string
  deviceKey: string
  boxSecretKey: string
}

export interface CreateIdentityInit {
  name?: string
  /** when given, the secrets are sealed under a key derived from it */
  passphrase?: string
  scryptParams?: ScryptParams
}

function keystorePath (dataDir: string): string {
  return join(dataDir, KEYSTORE_FILE)
}

function b64 (bytes: Uint8Array): string {
  return toString(bytes, 'base64')
}

function fromB64 (text: string): Uint8Array {
  return fromString(text, 'base64')
}

export async function hasIdentity (dataDir: string): Promise<boolean> {
  try {
    await readFile(keystorePath(dataDir))
    return true
  } catch {
    return false
  }
}

/** Creates the keys of a new account and its first device in `dataDir`. */
export async function createIdentity (dataDir: string, init: CreateIdentityInit = {}): Promise<PublicIdentity> {
  const name = (init.name ?? 'Tim user').trim()
  if (name.length === 0 || name.length > limits.maxNameLength) {
    throw new InvalidArgumentError(`a name is 1–${limits.maxNameLength} characters`)
  }
  if (await hasIdentity(dataDir)) {
    throw new IdentityExistsError(`${dataDir} already holds an identity; use another --data directory`)
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  // a directory that existed before keeps its modes through mkdir
  await restrictToOwner(dataDir)

  const account = generateSigningKeyPair()
  const deviceKey = await generateKeyPair('Ed25519')
  const box = generateBoxKeyPair()
  const deviceId = peerIdFromPrivateKey(deviceKey).toString()
  const certificate = issueDeviceCertificate({ accountSigner: createSigner(account), deviceId, boxKey: box.publicKey, name })

  const secrets: Secrets = {
    accountSeed: b64(account.seed),
    deviceKey: b64(privateKeyToProtobuf(deviceKey)),
    boxSecretKey: b64(box.secretKey)
  }
  const secretBytes = new TextEncoder().encode(JSON.stringify(secrets))
  const file: KeystoreFile = {
    version: KEYSTORE_VERSION,
    accountId: accountIdFromPublicKey(account.publicKey),
    name,
    deviceId,
    certificate: b64(encodeCertificate(certificate))
  }
  if (init.passphrase != null && init.passphrase !== '') {
    const params = init.scryptParams ?? defaultScryptParams
    const salt = randomBytes(16)
    const nonce = randomBytes(SECRETBOX_NONCE_BYTES)
    const key = deriveKeyFromPassphrase(init.passphrase, salt, params)
    file.sealed = { kdf: 'scrypt', params, salt: b64(salt), nonce: b64(nonce), ciphertext: b64(secretboxSeal(secretBytes, nonce, key)) }
  } else {
    file.secrets = b64(secretBytes)
  }
  try {
    await writePrivateFile(keystorePath(dataDir), JSON.stringify(file, null, 2) + '\n', { exclusive: true })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new IdentityExistsError(`${dataDir} already holds an identity; use another --data directory`)
    }
    throw err
  }
  return publicPart(file)
}

export interface WritePrivateFileOptions {
  /** fail with an EEXIST error instead of replacing a file already at `path` */
  exclusive?: boolean
}

/** Writes a file readable by its owner only, atomically (temp file + rename, or + link when exclusive). */
export async function writePrivateFile (path: string, content: string, options: WritePrivateFileOptions = {}): Promise<void> {
  const temp = `${path}.${process.pid}.${toString(randomBytes(6), 'base16')}.tmp`
  try {
    const handle = await open(temp, 'wx', 0o600)
    try {
      await handle.writeFile(content)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await chmod(temp, 0o600)
    if (options.exclusive === true) {
      // link() never replaces an existing file, so two writers cannot both win
      await link(temp, path)
    } else {
      await rename(temp, path)
    }
  } finally {
    await unlink(temp).catch(() => {})
  }
}

async function readKeystore (dataDir: string): Promise<KeystoreFile> {
  let text: string
  try {
    text = await readFile(keystorePath(dataDir), 'utf8')
  } catch {
    throw new NoIdentityError(`no identity in ${dataDir}: run \`tim init --data ${dataDir}\` first`)
  }
  const file = JSON.parse(text) as KeystoreFile
  if (file.version !== KEYSTORE_VERSION) {
    throw new InvalidArgumentError(`${keystorePath(dataDir)} has keystore version ${file.version}; this Tim reads version ${KEYSTORE_VERSION}`)
  }
  return file
}

function publicPart (file: KeystoreFile): PublicIdentity {
  return {
    accountId: file.accountId,
    name: file.name,
    deviceId: file.deviceId,
    certificate: decodeCertificate(fromB64(file.certificate)),
    encrypted: file.sealed != null
  }
}

export async function readPublicIdentity (dataDir: string): Promise<PublicIdentity> {
  return publicPart(await readKeystore(dataDir))
}

/** Opens the keystore; an encrypted one needs its passphrase. */
export async function loadIdentity (dataDir: string, passphrase?: string): Promise<LocalIdentity> {
  const file = await readKeystore(dataDir)
  // the node about to run here keeps its data private, whatever modes an older Tim (or a copy) left
  await restrictToOwner(dataDir)
  let secretBytes: Uint8Array
  if (file.sealed != null) {
    if (passphrase == null || passphrase === '') {
      throw new PassphraseRequiredError(`the keys in ${dataDir} are encrypted: give the passphrase (TIM_PASSPHRASE or --passphrase-file)`)
    }
    const key = deriveKeyFromPassphrase(passphrase, fromB64(file.sealed.salt), file.sealed.params)
    const opened = secretboxOpen(fromB64(file.sealed.ciphertext), fromB64(file.sealed.nonce), key)
    if (opened == null) {
      throw new WrongPassphraseError(`the passphrase does not open the keys in ${dataDir}`)
    }
    secretBytes = opened
  } else if (file.secrets != null) {
    secretBytes = fromB64(file.secrets)
  } else {
    throw new InvalidArgumentError(`${keystorePath(dataDir)} holds no secrets`)
  }
  const secrets = JSON.parse(new TextDecoder().decode(secretBytes)) as Secrets
  const account = signingKeyPairFromSeed(fromB64(secrets.accountSeed))
  const deviceKey = privateKeyFromProtobuf(fromB64(secrets.deviceKey))
  const deviceId = peerIdFromPrivateKey(deviceKey).toString()
  if (accountIdFromPublicKey(account.publicKey) !== file.accountId || deviceId !== file.deviceId) {
    throw new InvalidArgumentError(`${keystorePath(dataDir)} is inconsistent: its secrets belong to another account or device`)
  }
  return {
    accountId: file.accountId,
    name: file.name,
    accountSigner: createSigner(account),
    deviceId,
    deviceKey,
    deviceSigner: createSigner(signingKeyPairFromSeed(deviceKey.raw.slice(0, 32))),
    boxKeyPair: boxKeyPairFromSecretKey(fromB64(secrets.boxSecretKey)),
    certificate: decodeCertificate(fromB64(file.certificate))
  }
}
