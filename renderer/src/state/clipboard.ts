/**
 * Copying to the clipboard: the async Clipboard API where the page may use it, else the
 * selection of the field that shows the text and execCommand('copy'). Resolves to whether
 * the text is on the clipboard; when it is not, the field's text is left selected.
 */

export async function copyText (text: string, field?: HTMLInputElement | HTMLTextAreaElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard !== undefined && window.isSecureContext) {
      await navigator.clipboard.writeText(text)
      field?.select()
      return true
    }
  } catch {
    // denied (no focus, no permission): fall back to the selection
  }
  if (field == null) return false
  field.focus()
  field.select()
  field.setSelectionRange(0, field.value.length)
  try {
    return document.execCommand('copy')
  } catch {
    return false
  }
}
