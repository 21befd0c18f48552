/**
 * Reactions on a stored message: one change (an account adds or takes back an emoji) applied to
 * its reactions, the newest change per account and emoji winning whatever order changes arrive
 * in (each is versioned by the id of the change that made it). Used alike for this node's own
 * reactions and for those that arrive.
 */

import type { AccountId, MessageId, Reaction } from '../api/index.ts'
import type { StoredMessage } from './message-store.ts'

export interface ReactionChange {
  account: AccountId
  emoji: string
  remove: boolean
  /** the change's id (time-ordered): an older change arriving late is ignored */
  id: MessageId
}

function withChange (reactions: Reaction[], { account, emoji, remove }: ReactionChange): Reaction[] {
  const next = reactions.map(reaction => ({ emoji: reaction.emoji, from: reaction.from.filter(from => !(from === account && reaction.emoji === emoji)) }))
  if (!remove) {
    const existing = next.find(reaction => reaction.emoji === emoji)
    if (existing != null) existing.from.push(account)
    else next.push({ emoji, from: [account] })
  }
  return next.filter(reaction => reaction.from.length > 0)
}

/** The message with the change applied, or null when a newer change of that account and emoji was applied already. */
export function applyReaction (message: StoredMessage, change: ReactionChange): StoredMessage | null {
  const key = `${change.account} ${change.emoji}`
  if ((message.reactionVersions?.[key] ?? '') >= change.id) return null
  return {
    ...message,
    reactions: withChange(message.reactions ?? [], change),
    reactionVersions: { ...message.reactionVersions, [key]: change.id }
  }
}
