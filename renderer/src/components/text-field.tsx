/**
 * One labelled single-line text field of a form: the label, the input (its hint, when
 * given, is its description) and the hint under it.
 */

import { useId, type InputHTMLAttributes, type ReactNode } from 'react'

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'id'> {
  label: string
  value: string
  onChange: (value: string) => void
  /** a sentence under the field */
  hint?: string
}

export function TextField ({ label, value, onChange, hint, ...input }: TextFieldProps): ReactNode {
  const id = useId()
  const hintId = useId()
  return (
    <div className='field'>
      <label htmlFor={id} className='field-label'>{label}</label>
      <input
        id={id}
        value={value}
        onChange={e => { onChange(e.target.value) }}
        aria-describedby={hint === undefined ? undefined : hintId}
        autoComplete='off'
        {...input}
      />
      {hint !== undefined && <span id={hintId} className='hint'>{hint}</span>}
    </div>
  )
}
