/**
 * build — bundles the Electron side into out/main/: index.js (the main process, ESM, with
 * core/ inlined and npm packages left to node_modules) and preload.js (one CommonJS file
 * with nothing external but `electron`, since a sandboxed preload can require nothing else).
 * Run with `npm run build:main`. Builds only; never starts Electron.
 */

import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { build } from 'esbuild'

const root = join(import.meta.dirname, '..')
const outDir = join(root, 'out', 'main')

await rm(outDir, { recursive: true, force: true })
await Promise.all([
  build({
    absWorkingDir: root,
    entryPoints: ['main/index.ts'],
    outfile: join(outDir, 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'info'
  }),
  build({
    absWorkingDir: root,
    entryPoints: ['main/preload/index.ts'],
    outfile: join(outDir, 'preload.js'),
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'chrome130',
    external: ['electron'],
    sourcemap: 'linked',
    logLevel: 'info'
  })
])
