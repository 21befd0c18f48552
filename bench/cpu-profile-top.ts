/**
 * Summarizes V8 .cpuprofile files (from `node --cpu-prof --cpu-prof-dir DIR --import tsx
 * bench/run.ts throughput`, which profiles the child peer too): the top functions by self time
 * per profile, and the same grouped by package / source folder.
 *
 *   node --import tsx bench/cpu-profile-top.ts DIR-or-FILES… [--top N]
 */

import { readdir, readFile, stat } from 'node:fs/promises'
import { join, relative } from 'node:path'

interface ProfileNode {
  id: number
  callFrame: { functionName: string, url: string, lineNumber: number }
  children?: number[]
}

interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
  startTime: number
  endTime: number
}

const root = process.cwd()

function where (url: string): string {
  const path = url.replace(/^file:\/\//, '')
  if (path === '') {
    return '(native)'
  }
  const rel = path.startsWith(root) ? relative(root, path) : path
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(rel)
  if (pkg != null) {
    return pkg[1]
  }
  if (rel.startsWith('node:')) {
    return 'node:internal'
  }
  return rel.split('/').slice(0, 2).join('/')
}

function label (node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame
  const path = url.replace(/^file:\/\//, '')
  const rel = path.startsWith(root) ? relative(root, path) : path
  return `${functionName === '' ? '(anonymous)' : functionName} ${rel === '' ? '' : `${rel.replace(/^node_modules\//, '')}:${lineNumber + 1}`}`.trim()
}

function summarize (profile: Profile, top: number): string {
  const byId = new Map(profile.nodes.map(node => [node.id, node]))
  const self = new Map<number, number>()
  profile.samples.forEach((id, i) => { self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)) })
  const total = [...self.values()].reduce((a, b) => a + b, 0)
  const byLabel = new Map<string, number>()
  const byPlace = new Map<string, number>()
  for (const [id, us] of self) {
    const node = byId.get(id)
    if (node == null) continue
    byLabel.set(label(node), (byLabel.get(label(node)) ?? 0) + us)
    const place = ['(idle)', '(program)', '(garbage collector)'].includes(node.callFrame.functionName) ? node.callFrame.functionName : where(node.callFrame.url)
    byPlace.set(place, (byPlace.get(place) ?? 0) + us)
  }
  const list = (map: Map<string, number>): string[] => [...map.entries()]
    .sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([name, us]) => `  ${(us / 1000).toFixed(0).padStart(7)} ms ${(100 * us / total).toFixed(1).padStart(5)}%  ${name}`)
  return [
    `total ${(total / 1000).toFixed(0)} ms sampled`,
    'self time by function:', ...list(byLabel),
    'self time by package / folder:', ...list(byPlace)
  ].join('\n')
}

async function main (): Promise<void> {
  const args = process.argv.slice(2)
  const topAt = args.indexOf('--top')
  const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 25
  const files: string[] = []
  for (const arg of args) {
    if ((await stat(arg)).isDirectory()) {
      files.push(...(await readdir(arg)).filter(f => f.endsWith('.cpuprofile')).map(f => join(arg, f)))
    } else {
      files.push(arg)
    }
  }
  for (const file of files.sort()) {
    const profile = JSON.parse(await readFile(file, 'utf8')) as Profile
    process.stdout.write(`== ${file} (${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s)\n${summarize(profile, top)}\n\n`)
  }
}

main().catch(err => {
  process.stderr.write(`${(err as Error).message}\n`)
  process.exit(1)
})
