/**
 * A NAT laboratory in Linux network namespaces, for tests that need real NATs. Root only.
 *
 *   wan   (10.77.0.0/24, a bridge in namespace <wan>; the relay is 10.77.0.10 on it)
 *     ├── router A: wan0 10.77.0.2 ── lan0 10.77.1.1 ── host A 10.77.1.2
 *     ├── router B: wan0 10.77.0.3 ── lan0 10.77.2.1 ── host B 10.77.2.2
 *     └── public hosts P1, P2 … (option `publicHosts`): 10.77.0.20, 10.77.0.21 …, each in a
 *         namespace of its own, straight on the bridge: ordinary machines with a public address
 *
 * `wanPrefix` replaces 10.77.0 for the WAN segment. AutoNAT neither asks for nor dials back
 * private addresses (10/8 is one), so a test of what AutoNAT confirms puts the WAN on an
 * address range that is public on the Internet; it exists only inside these namespaces, which
 * have no link to the host's network or any other.
 *
 * Each router masquerades its LAN behind its WAN address and drops unsolicited inbound
 * packets in mangle PREROUTING (`-m conntrack --ctstate NEW -j DROP` on wan0), before
 * conntrack confirms them: that keeps Linux from remapping a port an unsolicited packet
 * already holds, so the NAT behaves as a port-restricted cone (endpoint-independent
 * mapping). `symmetric` adds `--random-fully`: a new random port per destination, which no
 * STUN-learned address predicts. Routers have no default route, so a host's packets to the
 * other LAN fail at once (ICMP unreachable) instead of timing out. IPv6 is off everywhere.
 *
 * The addresses exist only inside these namespaces; names carry a random suffix. A lab is
 * removed by `remove()`, by the test's `after` hook, and at process exit, whatever happened.
 * Every command is bounded in time.
 */

import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { AfterHook } from './temp-dir.ts'
import type { NetnsNodeReply } from './netns-node.ts'

const COMMAND_TIMEOUT_MS = 10_000

export type NatKind = 'cone' | 'symmetric'

export interface NatHost {
  /** the host's namespace */
  ns: string
  /** the host's LAN address */
  ip: string
  /** its router's namespace and WAN address (what others see) */
  router: string
  publicIp: string
}

export interface PublicHost {
  ns: string
  ip: string
}

export interface NatLabOptions {
  /** the WAN segment's first three octets (default '10.77.0') */
  wanPrefix?: string
  /** hosts with an address of their own on the WAN (default 0) */
  publicHosts?: number
}

export interface NatLab {
  kind: NatKind
  wan: string
  relayIp: string
  a: NatHost
  b: NatHost
  /** the hosts straight on the WAN, each in its own namespace */
  publicHosts: PublicHost[]
  namespaces: string[]
  /** runs a command in a namespace; throws with its stderr when it fails */
  exec: (ns: string, argv: string[]) => string
  remove: () => void
}

/** Why netns tests cannot run here, or undefined when they can. */
export function netnsUnavailable (): string | undefined {
  if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`
  if (process.getuid?.() !== 0) return 'network namespaces need root (the CI runs as root)'
  const probe = `timprobe${randomBytes(3).toString('hex')}`
  const added = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS })
  if (added.error != null) return `cannot run \`ip\` (${added.error.message}): install iproute2`
  if (added.status !== 0) return `\`ip netns add\` fails here: ${added.stderr.trim()}`
  try {
    const iptables = spawnSync('ip', ['netns', 'exec', probe, 'iptables', '-t', 'nat', '-L', '-n'], { encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS })
    if (iptables.status !== 0) return `iptables does not work in a namespace: ${(iptables.stderr ?? iptables.error?.message ?? '').trim()} (install iptables)`
  } finally {
    spawnSync('ip', ['netns', 'del', probe], { timeout: COMMAND_TIMEOUT_MS })
  }
  return undefined
}

function run (argv: string[]): string {
  const result = spawnSync(argv[0] as string, argv.slice(1), { encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS })
  if (result.status !== 0) {
    throw new Error(`${argv.join(' ')} failed (${result.status ?? result.signal}): ${(result.stderr ?? result.error?.message ?? '').trim()}`)
  }
  return result.stdout
}

const live = new Set<string>()
let sweepOnExit = false

function removeNamespaces (names: Iterable<string>): void {
  for (const ns of [...names]) {
    // whatever still runs in it (our nodes) goes first, so the namespace can go
    const pids = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS }).stdout ?? ''
    for (const pid of pids.split('\n').map(Number).filter(p => Number.isInteger(p) && p > 0)) {
      try { process.kill(pid, 'SIGKILL') } catch {}
    }
    spawnSync('ip', ['netns', 'del', ns], { timeout: COMMAND_TIMEOUT_MS })
    live.delete(ns)
  }
}

/** Builds the lab; removes it again if building fails. */
export function createNatLab (t: AfterHook, kind: NatKind, options: NatLabOptions = {}): NatLab {
  const id = randomBytes(3).toString('hex')
  const wan = `timw${id}`
  const prefix = options.wanPrefix ?? '10.77.0'
  if (!/^\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(prefix)) throw new Error(`wanPrefix must be three octets, got ${prefix}`)
  const names = { wan, ra: `timra${id}`, rb: `timrb${id}`, ha: `timha${id}`, hb: `timhb${id}` }
  const publicHosts: PublicHost[] = Array.from({ length: options.publicHosts ?? 0 }, (_, i) => ({ ns: `timp${i}${id}`, ip: `${prefix}.${20 + i}` }))
  const namespaces = [...Object.values(names), ...publicHosts.map(host => host.ns)]
  if (!sweepOnExit) {
    sweepOnExit = true
    process.once('exit', () => { removeNamespaces(live) })
  }
  const exec = (ns: string, argv: string[]): string => run(['ip', 'netns', 'exec', ns, ...argv])
  const remove = (): void => { removeNamespaces(namespaces) }
  t.after(async () => { remove() })

  try {
    for (const ns of namespaces) {
      run(['ip', 'netns', 'add', ns])
      live.add(ns)
      run(['ip', '-n', ns, 'link', 'set', 'lo', 'up'])
      // written to the namespace's own /proc/sys/net (no need for procps' sysctl); IPv6 may be compiled out
      exec(ns, ['sh', '-c', 'for f in /proc/sys/net/ipv6/conf/all/disable_ipv6 /proc/sys/net/ipv6/conf/default/disable_ipv6; do [ -e "$f" ] && echo 1 > "$f"; done; true'])
    }
    run(['ip', '-n', wan, 'link', 'add', 'br0', 'type', 'bridge'])
    run(['ip', '-n', wan, 'addr', 'add', `${prefix}.10/24`, 'dev', 'br0'])
    run(['ip', '-n', wan, 'link', 'set', 'br0', 'up'])
    const routers: Array<[string, string, string, number]> = [[names.ra, names.ha, 'a', 1], [names.rb, names.hb, 'b', 2]]
    for (const [router, host, side, lan] of routers) {
      const publicIp = `${prefix}.${lan + 1}`
      run(['ip', '-n', wan, 'link', 'add', `to${side}`, 'type', 'veth', 'peer', 'name', 'wan0', 'netns', router])
      run(['ip', '-n', wan, 'link', 'set', `to${side}`, 'master', 'br0', 'up'])
      run(['ip', '-n', router, 'addr', 'add', `${publicIp}/24`, 'dev', 'wan0'])
      run(['ip', '-n', router, 'link', 'set', 'wan0', 'up'])
      run(['ip', '-n', router, 'link', 'add', 'lan0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', host])
      run(['ip', '-n', router, 'addr', 'add', `10.77.${lan}.1/24`, 'dev', 'lan0'])
      run(['ip', '-n', router, 'link', 'set', 'lan0', 'up'])
      run(['ip', '-n', host, 'addr', 'add', `10.77.${lan}.2/24`, 'dev', 'eth0'])
      run(['ip', '-n', host, 'link', 'set', 'eth0', 'up'])
      run(['ip', '-n', host, 'route', 'add', 'default', 'via', `10.77.${lan}.1`])
      exec(router, ['sh', '-c', 'echo 1 > /proc/sys/net/ipv4/ip_forward'])
      exec(router, ['iptables', '-t', 'nat', '-A', 'POSTROUTING', '-o', 'wan0', '-j', 'MASQUERADE', ...(kind === 'symmetric' ? ['--random-fully'] : [])])
      exec(router, ['iptables', '-t', 'mangle', '-A', 'PREROUTING', '-i', 'wan0', '-m', 'conntrack', '--ctstate', 'NEW', '-j', 'DROP'])
    }
    publicHosts.forEach((host, i) => {
      run(['ip', '-n', wan, 'link', 'add', `top${i}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', host.ns])
      run(['ip', '-n', wan, 'link', 'set', `top${i}`, 'master', 'br0', 'up'])
      run(['ip', '-n', host.ns, 'addr', 'add', `${host.ip}/24`, 'dev', 'eth0'])
      run(['ip', '-n', host.ns, 'link', 'set', 'eth0', 'up'])
    })
  } catch (err) {
    remove()
    throw err
  }
  const host = (ns: string, router: string, lan: number): NatHost => ({ ns, ip: `10.77.${lan}.2`, router, publicIp: `${prefix}.${lan + 1}` })
  return { kind, wan, relayIp: `${prefix}.10`, a: host(names.ha, names.ra, 1), b: host(names.hb, names.rb, 2), publicHosts, namespaces, exec, remove }
}

export interface NamespaceProcess {
  child: ChildProcess
  /** everything it wrote to stderr so far (and stdout, for processes that are not drivers) */
  output: () => string
  /** resolves with the first stdout line matching `pattern` (its match), within `timeoutMs` */
  waitForLine: (pattern: RegExp, timeoutMs: number) => Promise<RegExpMatchArray>
  kill: () => Promise<void>
}

/** Runs `argv` in namespace `ns` as a child process, killed when the test ends. */
export function spawnInNamespace (t: AfterHook, ns: string, argv: string[], env: NodeJS.ProcessEnv = process.env): NamespaceProcess {
  const child = spawn('ip', ['netns', 'exec', ns, ...argv], { stdio: ['pipe', 'pipe', 'pipe'], env })
  let output = ''
  const lines: string[] = []
  const waiters = new Set<{ pattern: RegExp, resolve: (match: RegExpMatchArray) => void }>()
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString() })
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    lines.push(line)
    for (const waiter of waiters) {
      const match = waiter.pattern.exec(line)
      if (match != null) {
        waiters.delete(waiter)
        waiter.resolve(match)
      }
    }
  })
  const exited = new Promise<void>(resolve => { child.once('exit', () => { resolve() }) })
  const kill = async (): Promise<void> => {
    if (child.exitCode != null || child.signalCode != null) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => { child.kill('SIGKILL') }, 10_000)
    await exited
    clearTimeout(timer)
  }
  t.after(kill)
  return {
    child,
    output: () => `${output}${lines.length > 0 ? `\n[stdout]\n${lines.join('\n')}` : ''}`,
    waitForLine: async (pattern, timeoutMs) => {
      const seen = lines.map(line => pattern.exec(line)).find(match => match != null)
      if (seen != null) return seen
      return await new Promise<RegExpMatchArray>((resolve, reject) => {
        const waiter = { pattern, resolve: (match: RegExpMatchArray) => { clearTimeout(timer); resolve(match) } }
        const timer = setTimeout(() => {
          waiters.delete(waiter)
          reject(new Error(`no line matching ${String(pattern)} within ${timeoutMs} ms; output:\n${output}`))
        }, timeoutMs)
        waiters.add(waiter)
        child.once('exit', (code) => {
          if (!waiters.has(waiter)) return
          waiters.delete(waiter)
          clearTimeout(timer)
          reject(new Error(`the process exited (${code}) before printing ${String(pattern)}; output:\n${output}`))
        })
      })
    },
    kill
  }
}

const driverScript = fileURLToPath(new URL('./netns-node.ts', import.meta.url))

export interface DrivenNode {
  accountId: string
  deviceId: string
  call: <T = unknown>(cmd: string, ...args: unknown[]) => Promise<T>
  output: () => string
  stop: () => Promise<void>
}

/** A Tim node (test/helpers/netns-node.ts) in namespace `ns`, driven over its stdio. */
export async function startDrivenNode (t: AfterHook, ns: string, init: Record<string, unknown>, timeoutMs: number): Promise<DrivenNode> {
  const process_ = spawnInNamespace(t, ns, [process.execPath, '--import', 'tsx', driverScript, JSON.stringify(init)])
  const pending = new Map<number, { resolve: (value: unknown) => void, reject: (err: Error) => void }>()
  let nextId = 1
  createInterface({ input: process_.child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    let reply: NetnsNodeReply
    try {
      reply = JSON.parse(line) as NetnsNodeReply
    } catch {
      return
    }
    const waiter = pending.get(reply.id)
    if (waiter == null) return
    pending.delete(reply.id)
    if (reply.error != null) {
      const err = new Error(reply.error.message)
      err.name = reply.error.name
      waiter.reject(err)
    } else {
      waiter.resolve(reply.result)
    }
  })
  process_.child.once('exit', (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`the node in ${ns} exited (${code}): ${process_.output()}`))
    pending.clear()
  })
  const ready = await process_.waitForLine(/^\{"ready":(.*)\}$/, timeoutMs)
  const info = JSON.parse(ready[1] as string) as { accountId: string, deviceId: string }
  const call = async <T>(cmd: string, ...args: unknown[]): Promise<T> => {
    const id = nextId++
    const result = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id)
        reject(new Error(`${cmd} in ${ns} did not answer within ${COMMAND_TIMEOUT_MS} ms`))
      }, COMMAND_TIMEOUT_MS)
      pending.set(id, {
        resolve: (value) => { clearTimeout(timer); resolve(value) },
        reject: (err) => { clearTimeout(timer); reject(err) }
      })
    })
    process_.child.stdin?.write(JSON.stringify({ id, cmd, args }) + '\n')
    return await result as T
  }
  return {
    ...info,
    call,
    output: process_.output,
    stop: async () => {
      await call('stop').catch(() => {})
      await process_.kill()
    }
  }
}
