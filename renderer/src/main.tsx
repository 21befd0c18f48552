/**
 * Entry point of the renderer bundle: applies the stored theme before the first paint, takes
 * a login code out of the address bar, and mounts <App/>. A login link opened later in the
 * same tab (only its fragment changes: no page load) reloads the page, which logs in with it. No inline scripts or styles
 * anywhere: the page's CSP forbids them.
 */

import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app.tsx'
import { applyTheme, readThemeChoice } from './state/theme.ts'
import { captureLoginCode } from './transport/index.ts'
import './styles.css'

applyTheme(readThemeChoice())
// a web-mode login link's one-time code leaves the address bar before anything else runs
captureLoginCode()
window.addEventListener('hashchange', () => {
  if (/(?:^#|&)login=/.test(location.hash)) location.reload()
})

const root = document.getElementById('root')
if (root === null) throw new Error('index.html has no #root')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>
)
