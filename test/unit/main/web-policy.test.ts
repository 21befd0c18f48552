import assert from 'node:assert/strict'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import {
  APP_ENTRY_URL, CONTENT_SECURITY_POLICY, isAppUrl, isPermissionAllowed, resolveAppFile, serveAppRequest, vetExternalUrl
} from '../../../main/web-policy.ts'
import { tempDir } from '../../helpers/temp-dir.ts'

/** A built renderer: dist/ with an index and an asset, and a secret beside dist/. */
async function renderer (t: Parameters<typeof tempDir>[0]): Promise<string> {
  const dir = await tempDir(t)
  const dist = join(dir, 'dist')
  await mkdir(join(dist, 'assets'), { recursive: true })
  await writeFile(join(dist, 'index.html'), '<!doctype html><script type="module" src="/assets/app.js"></script>')
  await writeFile(join(dist, 'assets', 'app.js'), 'console.log("tim")')
  await writeFile(join(dir, 'secret.txt'), 'keys')
  return dist
}

test('the window loads the renderer from the app origin', () => {
  assert.ok(isAppUrl(APP_ENTRY_URL))
  assert.ok(isAppUrl('app://tim'))
  for (const foreign of ['https://tim', 'app://evil/index.html', 'file:///index.html', 'app://user:pw@tim/', 'not a url']) {
    assert.equal(isAppUrl(foreign), false, foreign)
  }
})

test('app URLs map onto files of the renderer and never outside it', () => {
  const root = '/srv/renderer/dist'
  assert.equal(resolveAppFile(root, 'app://tim/index.html'), '/srv/renderer/dist/index.html')
  assert.equal(resolveAppFile(root, 'app://tim/'), '/srv/renderer/dist/index.html')
  assert.equal(resolveAppFile(root, 'app://tim'), '/srv/renderer/dist/index.html')
  assert.equal(resolveAppFile(root, 'app://tim/assets/app.js?v=2#x'), '/srv/renderer/dist/assets/app.js')
  assert.equal(resolveAppFile(root, 'app://tim/assets/my%20font.woff2'), '/srv/renderer/dist/assets/my font.woff2')
  // dot segments, plain or %2e-encoded, are folded by the URL parser and stay inside the root
  assert.equal(resolveAppFile(root, 'app://tim/../../etc/passwd'), '/srv/renderer/dist/etc/passwd')
  assert.equal(resolveAppFile(root, 'app://tim/%2e%2e/secret.txt'), '/srv/renderer/dist/secret.txt')
  assert.equal(resolveAppFile(root, 'app://tim/%2fetc%2fpasswd'), '/srv/renderer/dist/etc/passwd')
  // an encoded separator only shows after decoding: refused when it would climb out
  for (const escape of [
    'app://tim/..%2fsecret.txt', 'app://tim/assets/..%2f..%2f..%2fetc/passwd', 'app://tim/%2e%2e%2f%2e%2e%2fetc/passwd',
    'app://tim/..%5csecret.txt', 'app://tim/index.html%00.js', 'app://tim/%E0%A4%A'
  ]) {
    assert.equal(resolveAppFile(root, escape), null, escape)
  }
  assert.equal(resolveAppFile(root, 'app://evil/index.html'), null)
  assert.equal(resolveAppFile(root, 'file:///srv/renderer/dist/index.html'), null)
})

test('the app protocol serves the renderer with a strict CSP on every response', async t => {
  const root = await renderer(t)
  const page = await serveAppRequest(root, new Request('app://tim/index.html'))
  assert.equal(page.status, 200)
  assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8')
  assert.match(await page.text(), /assets\/app\.js/)

  const script = await serveAppRequest(root, new Request('app://tim/assets/app.js'))
  assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8')
  assert.equal(script.headers.get('x-content-type-options'), 'nosniff')

  const escape = await serveAppRequest(root, new Request('app://tim/..%2fsecret.txt'))
  assert.equal(escape.status, 404)
  assert.doesNotMatch(await escape.text(), /keys/)
  assert.equal((await serveAppRequest(root, new Request('app://tim/missing.js'))).status, 404)
  assert.equal((await serveAppRequest(root, new Request('app://tim/assets/'))).status, 404, 'a folder without index.html')
  assert.equal((await serveAppRequest(root, new Request('app://tim/index.html', { method: 'POST', body: 'x' }))).status, 405)
  const head = await serveAppRequest(root, new Request('app://tim/index.html', { method: 'HEAD' }))
  assert.equal(head.status, 200)
  assert.equal(await head.text(), '')

  for (const response of [page, script, escape, head]) {
    assert.equal(response.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY)
  }
  const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map(d => [d.split(' ')[0], d]))
  assert.equal(directives.get('default-src'), "default-src 'none'")
  assert.equal(directives.get('script-src'), "script-src 'self'")
  assert.equal(directives.get('object-src'), "object-src 'none'")
  assert.equal(directives.get('frame-ancestors'), "frame-ancestors 'none'")
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval|\*/)
})

test('only credential-free https links go to the system browser', () => {
  assert.equal(vetExternalUrl('https://example.org/a b?q=1'), 'https://example.org/a%20b?q=1')
  for (const refused of [
    'http://example.org/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'tim://invite/x',
    'https://user:pw@example.org/', 'https://user@example.org/', 'https:', 'app://tim/index.html',
    'not a url', `https://example.org/${'a'.repeat(3000)}`
  ]) {
    assert.equal(vetExternalUrl(refused), null, refused)
  }
})

test('the page gets no permission but sanitized clipboard writes, and only on its own origin', () => {
  assert.ok(isPermissionAllowed('clipboard-sanitized-write', 'app://tim/index.html'))
  assert.ok(isPermissionAllowed('clipboard-sanitized-write', 'app://tim'))
  assert.equal(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example/'), false)
  for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem']) {
    assert.equal(isPermissionAllowed(permission, 'app://tim/index.html'), false, permission)
  }
})
