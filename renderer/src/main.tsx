/**
 * Entry point of the renderer bundle: applies the stored theme before the first paint, takes
 * a login code out of the address bar, and mounts <App/>. No inline scripts or styles
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

const root = document.getElementById('root')
if (root === null) throw new Error('index.html has no #root')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>
)
