/**
 * check-imports — the lint rule that keeps imports flowing the way ARCHITECTURE.md says
 * ("Rooms of the house"), and that finds import cycles.
 *
 * Every .ts/.tsx file under the scanned folders is parsed with the TypeScript compiler
 * (so comments and strings never count as imports). Each file belongs to an *area*:
 * `core/<room>`, `core/index`, or a top-level folder (`renderer`, `main`, `app`, ...).
 * The RULES table below says, per area, which areas and which packages it may import.
 * To add a room: add one entry to RULES (and to the `may` lists of the rooms that may use it).
 *
 * Usage: node --import tsx scripts/check-imports.ts [rootDir]
 * Prints one line per violation `file:line: <from> may not import <to> (rule)` and exits 1,
 * or `imports ok: N files checked` and exits 0.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

export interface Violation {
  /** path relative to the root, with forward slashes */
  file: string
  line: number
  /** the importing area (or file, for cycles) */
  from: string
  /** the imported area, package or file */
  to: string
  /** why it is not allowed */
  rule: string
}

/** Which packages (bare specifiers) an area may import. */
type PackagePolicy =
  | { kind: 'any', deny?: string[] } // any npm package or node built-in, except `deny`
  | { kind: 'no-node-builtins' } // npm packages only
  | { kind: 'none' } // nothing from outside the repository

interface Rule {
  /** areas this one may import besides itself; `core/*` means every core area, `*` everything */
  may: string[]
  /** areas excluded from a wildcard in `may` */
  except?: string[]
  /** single files (paths from the root) this area may import although their area is not in `may` */
  files?: string[]
  packages: PackagePolicy
  /** the reason, printed with each violation */
  why: string
}

/**
 * Whether `import type` edges count when looking for cycles. They are erased at run time,
 * but ARCHITECTURE.md says a cycle is a bug, so they count.
 */
export const TYPE_IMPORTS_MAKE_CYCLES = true

/** Top-level folders that are scanned. */
export const SCANNED = ['core', 'app', 'main', 'renderer', 'test', 'bench', 'scripts']

const LOWER = ['core/api', 'core/identity', 'core/crypto', 'core/wire', 'core/store', 'core/net']
const CORE_PACKAGES: PackagePolicy = { kind: 'any', deny: ['electron', 'react', 'react-dom'] }
const LOWER_WHY = 'lower core rooms never import higher ones; see ARCHITECTURE.md'
const HIGHER_WHY = 'higher core rooms import lower rooms and core/api only, plus the listed exceptions'

export const RULES: Record<string, Rule> = {
  // core, lower rooms
  'core/api': { may: [], packages: { kind: 'none' }, why: 'core/api is the contract: it imports nothing else of core and no packages' },
  'core/crypto': { may: ['core/api'], packages: CORE_PACKAGES, why: LOWER_WHY },
  'core/wire': { may: ['core/api'], packages: CORE_PACKAGES, why: LOWER_WHY },
  'core/identity': { may: ['core/api', 'core/crypto', 'core/wire', 'core/store'], packages: CORE_PACKAGES, why: LOWER_WHY },
  'core/store': { may: ['core/api'], packages: CORE_PACKAGES, why: LOWER_WHY },
  'core/net': { may: ['core/api', 'core/crypto', 'core/wire', 'core/identity', 'core/store'], packages: CORE_PACKAGES, why: LOWER_WHY },
  // core, higher rooms
  'core/messaging': { may: LOWER, packages: CORE_PACKAGES, why: HIGHER_WHY },
  'core/mailbox': { may: [...LOWER, 'core/messaging'], packages: CORE_PACKAGES, why: HIGHER_WHY },
  'core/social': { may: [...LOWER, 'core/messaging'], packages: CORE_PACKAGES, why: HIGHER_WHY },
  'core/rooms': { may: LOWER, packages: CORE_PACKAGES, why: HIGHER_WHY },
  'core/presence': { may: LOWER, packages: CORE_PACKAGES, why: HIGHER_WHY },
  'core/rpc': { may: ['core/*'], except: ['core/gateway'], packages: CORE_PACKAGES, why: 'core/rpc may import all of core except core/gateway' },
  'core/gateway': { may: ['core/*'], except: ['core/rpc'], packages: CORE_PACKAGES, why: 'core/gateway may import all of core except core/rpc' },
  'core/host': { may: ['core/*'], except: ['core/rpc', 'core/gateway'], packages: CORE_PACKAGES, why: 'core/host runs one node: it may import the factory and rooms, not transports' },
  // core/index.ts: the factory
  'core/index': { may: ['core/*'], packages: CORE_PACKAGES, why: 'core/index.ts may import core rooms only' },
  // outside core
  renderer: {
    may: ['core/api'],
    // the browser-safe JSON-RPC client of web mode: the WHATWG WebSocket and core/api only
    files: ['core/rpc/client.ts', 'core/rpc/protocol.ts'],
    packages: { kind: 'no-node-builtins' },
    why: 'renderer talks only to core/api (and the browser-safe core/rpc/client.ts and protocol.ts), and runs without node built-ins'
  },
  main: { may: ['core/*'], packages: { kind: 'any' }, why: 'main imports core and main, never renderer or app' },
  app: { may: ['core/*', 'root'], packages: { kind: 'any' }, why: 'app imports core and app, never main or renderer' },
  test: { may: ['*'], packages: { kind: 'any' }, why: 'tests may import anything' },
  bench: { may: ['*'], packages: { kind: 'any' }, why: 'benchmarks may import anything' },
  scripts: { may: ['*'], packages: { kind: 'any' }, why: 'scripts may import anything' }
}

/** The area a path (relative to the root, forward slashes) belongs to. */
export function areaOf (file: string): string {
  const parts = file.split('/')
  if (parts[0] === 'core') {
    if (parts.length === 2) return parts[1] === 'index.ts' ? 'core/index' : `core/${parts[1]}`
    return `core/${parts[1]}`
  }
  if (parts.length === 1 || !SCANNED.includes(parts[0] ?? '')) return 'root'
  return parts[0] ?? 'root'
}

/** Whether area `from` may import the file `target` (root-relative), which lies in area `to`. */
function mayImport (from: string, to: string, target: string): boolean {
  if (from === to) return true
  const rule = RULES[from]
  if (rule === undefined) return false
  if (rule.files?.includes(target) === true) return true
  if (rule.except?.includes(to) === true) return false
  return rule.may.some(m => m === to || m === '*' || (m === 'core/*' && to.startsWith('core/')))
}

const BUILTINS = new Set(builtinModules)

function packageName (specifier: string): string {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0] ?? specifier
}

function isNodeBuiltin (specifier: string): boolean {
  return specifier.startsWith('node:') || BUILTINS.has(packageName(specifier))
}

/** Why `from` may not import the package `specifier`, or undefined when it may. */
function packageViolation (from: string, specifier: string): string | undefined {
  const policy = RULES[from]?.packages
  if (policy === undefined) return undefined
  if (policy.kind === 'none') return RULES[from]?.why
  if (policy.kind === 'no-node-builtins') return isNodeBuiltin(specifier) ? RULES[from]?.why : undefined
  if (policy.deny?.includes(packageName(specifier)) === true) return 'core is plain Node: no electron, react or DOM imports'
  return undefined
}

export interface ImportRef {
  specifier: string
  line: number
  /** erased at run time: `import type`, `export type ... from`, `import('x').T` in a type */
  typeOnly: boolean
}

/** Every module specifier a file names: import/export ... from, import type, import('x'), import x = require('x'). */
export function importsOf (fileName: string, text: string): ImportRef[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true,
    fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
  const refs: ImportRef[] = []
  const add = (lit: ts.Node, typeOnly = false): void => {
    if (ts.isStringLiteralLike(lit)) {
      refs.push({ specifier: lit.text, line: sf.getLineAndCharacterOfPosition(lit.getStart(sf)).line + 1, typeOnly })
    }
  }
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      add(node.moduleSpecifier, node.importClause?.isTypeOnly === true)
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined) {
      add(node.moduleSpecifier, node.isTypeOnly)
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly)
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] !== undefined) {
      add(node.arguments[0])
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, true)
    }
    ts.forEachChild(node, visit)
  }
  visit(sf)
  return refs
}

function toPosix (p: string): string {
  return sep === '/' ? p : p.split(sep).join('/')
}

/** All .ts/.tsx files under the scanned folders, relative to root, sorted. */
export function listFiles (rootDir: string): string[] {
  const files: string[] = []
  for (const top of SCANNED) {
    const dir = join(rootDir, top)
    if (!existsSync(dir)) continue
    for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      const rel = toPosix(join(top, entry))
      if (rel.split('/').includes('node_modules')) continue
      if (/\.tsx?$/.test(rel)) files.push(rel)
    }
  }
  return files.sort()
}

interface Edge { to: string, line: number }

export function checkImports (rootDir: string): Violation[] {
  const root = resolve(rootDir)
  const files = listFiles(root)
  const violations: Violation[] = []
  const graph = new Map<string, Edge[]>()

  for (const file of files) {
    const from = areaOf(file)
    const edges: Edge[] = []
    graph.set(file, edges)
    if (RULES[from] === undefined) {
      violations.push({ file, line: 1, from, to: 'anything', rule: `${from} is not a known room: add it to RULES in scripts/check-imports.ts` })
      continue
    }
    for (const { specifier, line, typeOnly } of importsOf(file, readFileSync(join(root, file), 'utf8'))) {
      if (specifier.startsWith('.') || specifier.startsWith('/')) {
        const target = toPosix(relative(root, resolve(root, dirname(file), specifier)))
        if (!existsSync(join(root, target))) {
          violations.push({ file, line, from, to: specifier, rule: 'relative imports must name an existing file, with its .ts/.tsx extension' })
          continue
        }
        const to = areaOf(target)
        if (!mayImport(from, to, target)) violations.push({ file, line, from, to, rule: RULES[from]?.why ?? '' })
        if (/\.tsx?$/.test(target) && (TYPE_IMPORTS_MAKE_CYCLES || !typeOnly)) edges.push({ to: target, line })
      } else {
        const why = packageViolation(from, specifier)
        if (why !== undefined) violations.push({ file, line, from, to: specifier, rule: why })
      }
    }
  }

  violations.push(...findCycles(graph))
  return violations
}

/** One violation per cycle found by a depth-first search over relative imports. */
function findCycles (graph: Map<string, Edge[]>): Violation[] {
  const state = new Map<string, 'open' | 'done'>()
  const stack: Array<{ file: string, line: number }> = []
  const seen = new Set<string>()
  const out: Violation[] = []

  const visit = (file: string): void => {
    state.set(file, 'open')
    for (const edge of graph.get(file) ?? []) {
      stack.push({ file, line: edge.line })
      const s = state.get(edge.to)
      if (s === 'open') {
        const start = stack.findIndex(f => f.file === edge.to)
        const loop = stack.slice(start)
        const names = loop.map(f => f.file)
        const key = [...names].sort().join('\n')
        if (!seen.has(key)) {
          seen.add(key)
          const first = loop[0] ?? { file, line: edge.line }
          out.push({
            file: first.file,
            line: first.line,
            from: first.file,
            to: loop[1]?.file ?? edge.to,
            rule: `import cycle: ${[...names, edge.to].join(' -> ')}`
          })
        }
      } else if (s === undefined && graph.has(edge.to)) {
        visit(edge.to)
      }
      stack.pop()
    }
    state.set(file, 'done')
  }

  for (const file of graph.keys()) {
    if (!state.has(file)) visit(file)
  }
  return out
}

export function formatViolation (v: Violation): string {
  return `${v.file}:${v.line}: ${v.from} may not import ${v.to} (${v.rule})`
}

const isEntryPoint = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (isEntryPoint) {
  const rootDir = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..')
  const violations = checkImports(rootDir)
  if (violations.length > 0) {
    for (const v of violations) console.error(formatViolation(v))
    console.error(`imports: ${violations.length} violation(s)`)
    process.exit(1)
  }
  console.log(`imports ok: ${listFiles(rootDir).length} files checked`)
}
