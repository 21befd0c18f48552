/**
 * Drafts: what was typed in each conversation and not sent, kept in localStorage
 * (`tim.draft.<conversation id>`) so that it survives switching conversations, reloads and
 * a node restart. Nothing else is stored there; storage that is disabled keeps nothing.
 */

import type { ConversationId } from '../../../core/api/index.ts'

const PREFIX = 'tim.draft.'

export function readDraft (conversation: ConversationId): string {
  try {
    return localStorage.getItem(PREFIX + conversation) ?? ''
  } catch {
    return ''
  }
}

export function writeDraft (conversation: ConversationId, text: string): void {
  try {
    if (text === '') localStorage.removeItem(PREFIX + conversation)
    else localStorage.setItem(PREFIX + conversation, text)
  } catch {
    // storage disabled or full: the draft lasts as long as the page
  }
}
