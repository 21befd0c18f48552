/**
 * Vite build of the renderer: `npm run build:ui` (vite build --config renderer/vite.config.ts)
 * writes renderer/dist/, loaded by Electron and served by the web host. Relative asset URLs
 * (base './') so the same files work from file://, a custom protocol or http://127.0.0.1.
 * No Node built-ins here: the import lint treats this file as renderer code.
 */
import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin } from 'vite'

const root = new URL('.', import.meta.url).pathname

/**
 * The dev server injects inline scripts (React refresh) that the strict CSP meta tag of
 * index.html forbids; the tag is dropped while serving and kept in every build.
 */
function dropCspWhileServing (): Plugin {
  return {
    name: 'tim-drop-csp-while-serving',
    apply: 'serve',
    transformIndexHtml: html => html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/, '')
  }
}

export default defineConfig({
  root,
  base: './',
  plugins: [react(), dropCspWhileServing()],
  build: {
    outDir: `${root}dist`,
    emptyOutDir: true,
    target: 'es2022',
    // the polyfill would be bundled anyway, but every supported browser has modulepreload
    modulePreload: { polyfill: false },
    sourcemap: false
  },
  server: { host: '127.0.0.1' }
})
