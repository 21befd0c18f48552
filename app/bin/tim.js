#!/usr/bin/env node
/**
 * tim — the package's bin. Plain JavaScript so that any Node can start it: on a Node older
 * than 22 (libp2p 3 needs 22) it re-runs itself with the Node 22 that npm installed as the
 * `node` package, passing arguments, stdio, signals and the exit code through. On Node 22+
 * it registers tsx (TypeScript runs without a build step) and hands over to ../cli/main.ts.
 */

import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const REQUIRED_MAJOR = 22
const self = fileURLToPath(import.meta.url)
const major = Number(process.versions.node.split('.')[0])

/** The Node 22 binary of the `node` npm package, or undefined when it is not installed. */
function findNode22 () {
  try {
    return createRequire(import.meta.url).resolve('node/bin/node')
  } catch {
    const fallback = join(dirname(self), '..', '..', 'node_modules', 'node', 'bin', 'node')
    return existsSync(fallback) ? fallback : undefined
  }
}

function reexec () {
  const node22 = findNode22()
  if (node22 === undefined || process.env.TIM_REEXEC === '1') {
    process.stderr.write(`tim: needs Node ${REQUIRED_MAJOR} or newer, this is ${process.version}; ` +
      'run `npm install` in the Tim folder (it installs Node 22 as the `node` package)\n')
    process.exit(1)
  }
  const child = spawn(node22, [...process.execArgv, self, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, TIM_REEXEC: '1' }
  })
  const forward = (signal) => { child.kill(signal) }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGUSR1']) process.on(signal, forward)
  child.on('error', (err) => {
    process.stderr.write(`tim: cannot start ${node22}: ${err.message}\n`)
    process.exit(1)
  })
  child.on('exit', (code, signal) => {
    // like a shell: a child killed by signal N exits 128 + N
    const signalNumber = signal == null ? 0 : (signalNumbers[signal] ?? 15)
    process.exit(code ?? 128 + signalNumber)
  })
}

const signalNumbers = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 }

if (major < REQUIRED_MAJOR) {
  reexec()
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../cli/main.ts')
}
