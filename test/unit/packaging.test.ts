/**
 * What gets installed and shipped: no react-native and no metro. @libp2p/webrtc lists
 * react-native-webrtc (and through it react-native and metro) as a dependency, although on
 * Node it only loads node-datachannel; package.json's `overrides` puts Tim's empty stand-in
 * (packages/no-react-native-webrtc) in its place. Checked in the lockfile (what `npm ci`
 * installs) and in the installed production tree as `npm ls --omit=dev` lists it, the tree
 * electron-builder collects the desktop app's node_modules from.
 */

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { readFile, realpath } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const STAND_IN = join(root, 'packages', 'no-react-native-webrtc')
/** package names that must never be installed or shipped */
const UNWANTED = /^(react-native|@react-native(-community)?\/.*|metro(-.*)?)$/

/** the package name a node_modules path ends with */
function packageName (path: string): string {
  const tail = path.split(/(?:^|[\\/])node_modules[\\/]/).at(-1) ?? ''
  return tail.replaceAll('\\', '/')
}

test('the lockfile holds no react-native or metro, and react-native-webrtc is the empty stand-in', async () => {
  const lock = JSON.parse(await readFile(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { link?: boolean, resolved?: string, version?: string }> }
  const unwanted = Object.keys(lock.packages).filter(path => path.includes('node_modules/') && UNWANTED.test(packageName(path)))
  assert.deepEqual(unwanted, [])
  const webrtc = Object.entries(lock.packages).filter(([path]) => packageName(path) === 'react-native-webrtc')
  assert.deepEqual(webrtc, [['node_modules/react-native-webrtc', { resolved: 'packages/no-react-native-webrtc', link: true }]])
  assert.equal(lock.packages['packages/no-react-native-webrtc']?.version, '0.0.0-tim-empty')
})

test('the installed production tree (what the desktop app packs) holds no react-native or metro', { timeout: 60_000 }, async () => {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const { stdout } = await promisify(execFile)(npm, ['ls', '--omit=dev', '--all', '--parseable'], { cwd: root, maxBuffer: 16 * 1024 * 1024 })
    .catch((err: { stdout?: string, stderr?: string }) => {
      // npm ls exits 1 on extraneous or invalid packages but still lists the tree
      if (typeof err.stdout === 'string' && err.stdout !== '') return { stdout: err.stdout }
      throw err
    })
  const paths = stdout.split('\n').filter(line => line.includes('node_modules'))
  assert.ok(paths.some(path => packageName(path) === '@libp2p/webrtc'), 'the list is the real tree')
  assert.deepEqual(paths.filter(path => UNWANTED.test(packageName(path))), [])
  for (const path of paths.filter(p => packageName(p) === 'react-native-webrtc')) {
    assert.equal(await realpath(path), await realpath(STAND_IN), `${path} is the empty stand-in`)
  }
})
