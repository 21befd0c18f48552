/** Theme choice: follow the system, or always light, or always dark (kept in localStorage). */

import { useState, type ReactNode } from 'react'
import { readThemeChoice, saveThemeChoice, themeChoices, type ThemeChoice } from '../state/theme.ts'

const labels: Record<ThemeChoice, string> = { system: 'System', light: 'Light', dark: 'Dark' }

export function ThemePicker (): ReactNode {
  const [choice, setChoice] = useState<ThemeChoice>(readThemeChoice)
  const choose = (next: ThemeChoice): void => {
    setChoice(next)
    saveThemeChoice(next)
  }
  return (
    <fieldset className='theme-picker'>
      <legend className='field-label'>Theme</legend>
      <div className='segmented'>
        {themeChoices.map(option => (
          <label key={option} className={option === choice ? 'checked' : ''}>
            <input type='radio' name='theme' value={option} checked={option === choice} onChange={() => { choose(option) }} />
            {labels[option]}
          </label>
        ))}
      </div>
    </fieldset>
  )
}
