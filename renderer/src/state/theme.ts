/**
 * Theme preference: `system` follows prefers-color-scheme; `light` and `dark` override it.
 * Stored in localStorage (`tim.theme`) and applied as `data-theme` on <html>, which the CSS
 * variables in styles.css key on.
 */

export type ThemeChoice = 'system' | 'light' | 'dark'

export const THEME_STORAGE_KEY = 'tim.theme'
export const themeChoices: readonly ThemeChoice[] = ['system', 'light', 'dark']

function isThemeChoice (value: unknown): value is ThemeChoice {
  return typeof value === 'string' && (themeChoices as readonly string[]).includes(value)
}

export function readThemeChoice (): ThemeChoice {
  try {
    const stored = localStorage.getItem(THEME_STORAGE_KEY)
    return isThemeChoice(stored) ? stored : 'system'
  } catch {
    return 'system'
  }
}

export function applyTheme (choice: ThemeChoice): void {
  const root = document.documentElement
  if (choice === 'system') delete root.dataset.theme
  else root.dataset.theme = choice
}

export function saveThemeChoice (choice: ThemeChoice): void {
  applyTheme(choice)
  try {
    localStorage.setItem(THEME_STORAGE_KEY, choice)
  } catch {
    // storage disabled: the choice lasts until the page is reloaded
  }
}
