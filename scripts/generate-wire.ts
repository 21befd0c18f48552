/**
 * `npm run generate`: compiles core/wire/tim.proto with protons into core/wire/tim.ts, then
 * lets every empty bytes field share one zero-length Uint8Array. protons' decoders give each
 * empty bytes field of every decoded message a fresh `Buffer.alloc(0)` (~0.8 µs each, ~8 µs
 * and nine garbage objects per received envelope); a zero-length array holds nothing to
 * mutate, so one is enough.
 *
 * Usage: node --import tsx scripts/generate-wire.ts
 */

import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const proto = join(root, 'core/wire/tim.proto')
const generated = join(root, 'core/wire/tim.ts')
const ALLOC_IMPORT = "import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'\n"
const EMPTY = "\n/** shared by every empty bytes field (scripts/generate-wire.ts) */\nconst EMPTY_BYTES = new Uint8Array(0)\n"

execFileSync(process.execPath, [join(root, 'node_modules/protons/dist/bin/protons.js'), proto], { stdio: 'inherit' })

const source = readFileSync(generated, 'utf8')
const allocations = source.split('uint8ArrayAlloc(').length - 1
const empty = source.split('uint8ArrayAlloc(0)').length - 1
if (!source.includes(ALLOC_IMPORT) || allocations !== empty) {
  throw new Error(`protons output changed shape (${allocations} allocations, ${empty} of them empty): update scripts/generate-wire.ts`)
}
const lines = source.replace(ALLOC_IMPORT, '').replaceAll('uint8ArrayAlloc(0)', 'EMPTY_BYTES').split('\n')
const afterImports = lines.findLastIndex(line => line.startsWith('import ')) + 1
lines.splice(afterImports, 0, EMPTY)
writeFileSync(generated, lines.join('\n'))
console.log(`core/wire/tim.ts: ${empty} empty bytes defaults share EMPTY_BYTES`)
