import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { checkImports, formatViolation, importsOf } from '../../../scripts/check-imports.ts'

const dirs: string[] = []
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })

/** Writes a fixture tree ({ 'core/api/index.ts': 'source' }) into a fresh temp dir. */
function tree (files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'tim-check-imports-'))
  dirs.push(root)
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  return root
}

function lines (files: Record<string, string>): string[] {
  return checkImports(tree(files)).map(formatViolation)
}

const VALID = {
  'core/api/index.ts': "export * from './types.ts'\n",
  'core/api/types.ts': 'export type AccountId = string\n',
  'core/crypto/index.ts': "import nacl from 'tweetnacl'\nimport { createHash } from 'node:crypto'\nimport type { AccountId } from '../api/index.ts'\nexport { nacl, createHash }\nexport type A = AccountId\n",
  'core/identity/index.ts': "import '../crypto/index.ts'\nimport '../wire/index.ts'\n",
  'core/wire/index.ts': "export {}\n",
  'core/messaging/index.ts': "import '../identity/index.ts'\n",
  'core/mailbox/index.ts': "import '../messaging/index.ts'\n",
  'core/rpc/index.ts': "import '../mailbox/index.ts'\n",
  'core/index.ts': "export * from './rpc/index.ts'\nexport * from './messaging/index.ts'\n",
  'renderer/app.tsx': "import type { AccountId } from '../core/api/index.ts'\nimport React from 'react'\nexport const x: AccountId = String(React)\n",
  'main/index.ts': "import { app } from 'electron'\nimport '../core/index.ts'\nimport './preload/index.ts'\nexport { app }\n",
  'main/preload/index.ts': "export {}\n",
  'app/cli/tim.ts': "import { readFile } from 'node:fs/promises'\nimport '../../core/index.ts'\nexport { readFile }\n",
  'test/unit/x.test.ts': "import '../../app/cli/tim.ts'\nimport '../../main/index.ts'\n"
}

test('a tree that follows ARCHITECTURE.md passes', () => {
  assert.deepEqual(lines(VALID), [])
})

test('the renderer may not import core/net', () => {
  const out = lines({
    'core/net/index.ts': 'export const dial = 1\n',
    'renderer/app.tsx': "// import '../core/net/ignored.ts' in a comment does not count\nimport { dial } from '../core/net/index.ts'\nexport { dial }\n"
  })
  assert.equal(out.length, 1)
  assert.match(out[0] ?? '', /^renderer\/app\.tsx:2: renderer may not import core\/net \(/)
})

test('the renderer may import the browser-safe core/rpc/client.ts and protocol.ts, and no other core/rpc file', () => {
  const out = lines({
    'core/api/index.ts': 'export type AccountId = string\n',
    'core/rpc/protocol.ts': "import type { AccountId } from '../api/index.ts'\nexport type P = AccountId\n",
    'core/rpc/client.ts': "import type { P } from './protocol.ts'\nexport type C = P\n",
    'core/rpc/server.ts': "import type { P } from './protocol.ts'\nexport type S = P\n",
    'core/rpc/index.ts': "export * from './server.ts'\nexport * from './client.ts'\n",
    'renderer/transport.ts': [
      "import type { C } from '../core/rpc/client.ts'",
      "import type { P } from '../core/rpc/protocol.ts'",
      "import type { S } from '../core/rpc/server.ts'",
      "import type { C as D } from '../core/rpc/index.ts'",
      'export type T = C | P | S | D',
      ''
    ].join('\n')
  })
  assert.deepEqual(out.map(l => l.split(' (')[0]), [
    'renderer/transport.ts:3: renderer may not import core/rpc',
    'renderer/transport.ts:4: renderer may not import core/rpc'
  ])
})

test('the renderer may not import node built-ins, even as a type or a dynamic import', () => {
  const out = lines({
    'renderer/a.ts': "import type { Stats } from 'node:fs'\nexport type S = Stats\n",
    'renderer/b.ts': "export const load = async () => await import('path')\n"
  })
  assert.deepEqual(out.map(l => l.split(' (')[0]), [
    'renderer/a.ts:1: renderer may not import node:fs',
    'renderer/b.ts:1: renderer may not import path'
  ])
})

test('core/crypto may not import core/messaging (lower rooms never import higher ones)', () => {
  const out = lines({
    'core/messaging/index.ts': 'export const x = 1\n',
    'core/crypto/index.ts': "\n\nexport { x } from '../messaging/index.ts'\n"
  })
  assert.equal(out.length, 1)
  assert.match(out[0] ?? '', /^core\/crypto\/index\.ts:3: core\/crypto may not import core\/messaging \(/)
})

test('the lower-room order and the higher-room exceptions are enforced', () => {
  const out = lines({
    'core/api/index.ts': "import '../crypto/index.ts'\n",
    'core/crypto/index.ts': "import '../wire/index.ts'\n",
    'core/wire/index.ts': 'export {}\n',
    'core/store/index.ts': "import '../net/index.ts'\n",
    'core/net/index.ts': 'export {}\n',
    'core/messaging/index.ts': "import '../mailbox/index.ts'\n",
    'core/mailbox/index.ts': 'export {}\n',
    'core/rpc/index.ts': "import '../gateway/index.ts'\n",
    'core/gateway/index.ts': "import '../messaging/index.ts'\n"
  })
  assert.deepEqual(out.map(l => l.split(' (')[0]), [
    'core/api/index.ts:1: core/api may not import core/crypto',
    'core/crypto/index.ts:1: core/crypto may not import core/wire',
    'core/messaging/index.ts:1: core/messaging may not import core/mailbox',
    'core/rpc/index.ts:1: core/rpc may not import core/gateway',
    'core/store/index.ts:1: core/store may not import core/net'
  ])
})

test('core/api imports no packages; core imports no electron or react; app and main stay apart', () => {
  const out = lines({
    'core/api/index.ts': "import type { Foo } from 'some-lib'\nexport type F = Foo\n",
    'core/net/index.ts': "import 'react-dom/client'\n",
    'app/cli/x.ts': "import '../../main/index.ts'\n",
    'main/index.ts': "import '../renderer/app.tsx'\n",
    'renderer/app.tsx': 'export {}\n'
  })
  assert.deepEqual(out.map(l => l.split(' (')[0]), [
    'app/cli/x.ts:1: app may not import main',
    'core/api/index.ts:1: core/api may not import some-lib',
    'core/net/index.ts:1: core/net may not import react-dom/client',
    'main/index.ts:1: main may not import renderer'
  ])
})

test('core may not import test, app or an unknown room', () => {
  const out = lines({
    'core/net/index.ts': "import '../../test/helpers/x.ts'\n",
    'test/helpers/x.ts': 'export {}\n',
    'core/util/x.ts': 'export {}\n'
  })
  assert.deepEqual(out.map(l => l.split(' (')[0]), [
    'core/net/index.ts:1: core/net may not import test',
    'core/util/x.ts:1: core/util may not import anything'
  ])
})

test('a two-file cycle fails and its path is reported', () => {
  const out = lines({
    'core/messaging/a.ts': "import { b } from './b.ts'\nexport const a = (): number => b\n",
    'core/messaging/b.ts': "\nimport type { a } from './a.ts'\nexport const b = 1\nexport type A = typeof a\n"
  })
  assert.equal(out.length, 1)
  assert.equal(out[0], 'core/messaging/a.ts:1: core/messaging/a.ts may not import core/messaging/b.ts ' +
    '(import cycle: core/messaging/a.ts -> core/messaging/b.ts -> core/messaging/a.ts)')
})

test('a relative import of a missing file is reported', () => {
  const out = lines({ 'app/x.ts': "import './y.js'\n", 'app/y.ts': 'export {}\n' })
  assert.equal(out.length, 1)
  assert.match(out[0] ?? '', /^app\/x\.ts:1: app may not import \.\/y\.js \(relative imports must name an existing file/)
})

test('the CLI prints one line per violation and exits 1, or the file count and exits 0', () => {
  const script = fileURLToPath(new URL('../../../scripts/check-imports.ts', import.meta.url))
  const bad = spawnSync(process.execPath, ['--import', 'tsx', script, tree({
    'core/crypto/index.ts': "import '../net/index.ts'\n",
    'core/net/index.ts': 'export {}\n'
  })], { encoding: 'utf8' })
  assert.equal(bad.status, 1)
  assert.match(bad.stderr, /^core\/crypto\/index\.ts:1: core\/crypto may not import core\/net \(.+\)$/m)

  const good = spawnSync(process.execPath, ['--import', 'tsx', script, tree(VALID)], { encoding: 'utf8' })
  assert.equal(good.status, 0, good.stderr)
  assert.equal(good.stdout.trim(), `imports ok: ${Object.keys(VALID).length} files checked`)
})

test('every kind of import is found, with its line and whether it is erased at run time', () => {
  const text = [
    "import a from 'pkg-a'",
    "import type { B } from './b.ts'",
    "export * from './c.ts'",
    "export type { D } from './d.ts'",
    "const e = await import('./e.ts')",
    "type F = import('./f.ts').F",
    "// import g from 'not-an-import'",
    "const h = 'import x from \"not-an-import-either\"'"
  ].join('\n')
  assert.deepEqual(importsOf('x.ts', text), [
    { specifier: 'pkg-a', line: 1, typeOnly: false },
    { specifier: './b.ts', line: 2, typeOnly: true },
    { specifier: './c.ts', line: 3, typeOnly: false },
    { specifier: './d.ts', line: 4, typeOnly: true },
    { specifier: './e.ts', line: 5, typeOnly: false },
    { specifier: './f.ts', line: 6, typeOnly: true }
  ])
})
