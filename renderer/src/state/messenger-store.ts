/**
 * The UI's model of the node: identity, contacts, conversations and the open chats, kept
 * current from MessengerEvents and from call results, for React to read through
 * useSyncExternalStore. Owns no I/O of its own: every fact comes from the Transport it is
 * given, and a reload (after a reconnection) asks the node again for all of it.
 */

import type {
  AccountId, AddContactRequest, Contact, Conversation, CreateAccountRequest, Identity, Message,
  MessageId, MessageStateChange, MessengerApi, MessengerEventSource, ReachabilityChange
} from '../../../core/api/index.ts'
import { limits } from '../../../core/api/index.ts'
import { normalizeError } from '../transport/errors.ts'
import { conversationItems, sortContacts, type ConversationItem } from './conversations.ts'
import { applyStateChange, isNewer, upsertMessages } from './messages.ts'

export interface ChatState {
  /** sorted oldest first, as history pages them */
  messages: readonly Message[]
  status: 'loading' | 'ready' | 'error'
  loadingOlder: boolean
  /** whether older messages remain on the node */
  hasMore: boolean
  error: Error | null
}

export interface MessengerState {
  phase: 'loading' | 'onboarding' | 'locked' | 'ready' | 'error'
  /** why phase is 'error' */
  error: Error | null
  identity: Identity | null
  contacts: readonly Contact[]
  /** as the node lists them, kept current from events */
  conversations: readonly Conversation[]
  /** what the conversation list shows (derived from conversations and contacts) */
  items: readonly ConversationItem[]
  chats: ReadonlyMap<AccountId, ChatState>
}

export interface MessengerStore {
  getState: () => MessengerState
  subscribe: (listener: () => void) => () => void
  /** subscribes to the node's events and loads everything; returns the stop function */
  start: () => () => void
  /** asks the node again for everything shown (after a reconnection) */
  reload: () => Promise<void>
  createAccount: (request: CreateAccountRequest) => Promise<Identity>
  /** opens the account's encrypted keys; WrongPassphraseError when the passphrase does not */
  unlock: (passphrase: string) => Promise<void>
  openChat: (peer: AccountId) => Promise<void>
  loadOlder: (peer: AccountId) => Promise<void>
  send: (peer: AccountId, text: string) => Promise<Message>
  retry: (id: MessageId) => Promise<void>
  markRead: (peer: AccountId) => Promise<void>
  addContact: (request: AddContactRequest) => Promise<Contact>
  acceptContact: (peer: AccountId) => Promise<void>
  blockContact: (peer: AccountId) => Promise<void>
  unblockContact: (peer: AccountId) => Promise<void>
}

export const HISTORY_PAGE = limits.defaultHistoryPage

const initialState: MessengerState = {
  phase: 'loading',
  error: null,
  identity: null,
  contacts: [],
  conversations: [],
  items: [],
  chats: new Map()
}

/** State changes for messages the UI does not hold yet (an event may beat send()'s answer). */
const EARLY_STATES_KEPT = 256

export function createMessengerStore (api: MessengerApi & MessengerEventSource): MessengerStore {
  let state = initialState
  const listeners = new Set<() => void>()
  const earlyStates = new Map<MessageId, MessageStateChange>()
  let refreshTimer: ReturnType<typeof setTimeout> | undefined
  let loadGeneration = 0
  const reading = new Map<AccountId, { again: boolean }>()

  const set = (patch: Partial<MessengerState>): void => {
    const next = { ...state, ...patch }
    if (patch.contacts !== undefined || patch.conversations !== undefined) {
      next.items = conversationItems(next.conversations, next.contacts)
    }
    state = next
    for (const listener of [...listeners]) listener()
  }

  const setChat = (peer: AccountId, update: (chat: ChatState) => ChatState): void => {
    const chat = state.chats.get(peer)
    if (chat === undefined) return
    const next = update(chat)
    if (next === chat) return
    const chats = new Map(state.chats)
    chats.set(peer, next)
    set({ chats })
  }

  const setConversation = (peer: AccountId, update: (conversation: Conversation) => Conversation): boolean => {
    const at = state.conversations.findIndex(conversation => conversation.peer === peer)
    const current = state.conversations[at]
    if (current === undefined) return false
    const next = update(current)
    if (next !== current) {
      const conversations = [...state.conversations]
      conversations[at] = next
      set({ conversations })
    }
    return true
  }

  const upsertContact = (contact: Contact): void => {
    const others = state.contacts.filter(known => known.accountId !== contact.accountId)
    set({ contacts: sortContacts([...others, contact]) })
  }

  /** a message the UI now holds: in its chat, and as its conversation's last message */
  const holdMessage = (message: Message): Message => {
    const early = earlyStates.get(message.id)
    if (early !== undefined) {
      earlyStates.delete(message.id)
      message = applyStateChange(message, early)
    }
    setChat(message.conversation, chat => {
      const messages = upsertMessages(chat.messages, [message])
      return messages === chat.messages ? chat : { ...chat, messages }
    })
    const known = setConversation(message.conversation, conversation => {
      const last = conversation.lastMessage
      if (last !== null && last.id === message.id) return { ...conversation, lastMessage: applyStateChange(last, message) }
      return isNewer(message, last) ? { ...conversation, lastMessage: message } : conversation
    })
    if (!known) scheduleRefresh()
    return message
  }

  const refreshLists = async (): Promise<void> => {
    const [contacts, conversations] = await Promise.all([api.listContacts(), api.conversations()])
    set({ contacts: sortContacts(contacts), conversations })
  }

  function scheduleRefresh (): void {
    if (refreshTimer !== undefined) return
    refreshTimer = setTimeout(() => {
      refreshTimer = undefined
      refreshLists().catch(() => { /* shown again on the next event or reload */ })
    }, 150)
  }

  const onReceived = (message: Message): void => {
    if (state.phase !== 'ready') return
    const hadConversation = state.conversations.some(conversation => conversation.peer === message.conversation)
    holdMessage(message)
    if (hadConversation && message.direction === 'in') {
      setConversation(message.conversation, conversation => ({ ...conversation, unread: conversation.unread + 1 }))
    }
  }

  const onState = (change: MessageStateChange): void => {
    if (state.phase !== 'ready') return
    let held = false
    setChat(change.conversation, chat => {
      const at = chat.messages.findIndex(message => message.id === change.id)
      const current = chat.messages[at]
      if (current === undefined) return chat
      held = true
      const next = applyStateChange(current, change)
      if (next === current) return chat
      const messages = [...chat.messages]
      messages[at] = next
      return { ...chat, messages }
    })
    setConversation(change.conversation, conversation => {
      const last = conversation.lastMessage
      if (last === null || last.id !== change.id) return conversation
      held = true
      const next = applyStateChange(last, change)
      return next === last ? conversation : { ...conversation, lastMessage: next }
    })
    if (!held) {
      earlyStates.set(change.id, change)
      if (earlyStates.size > EARLY_STATES_KEPT) {
        const oldest = earlyStates.keys().next().value
        if (oldest !== undefined) earlyStates.delete(oldest)
      }
    }
  }

  const onReachability = (change: ReachabilityChange): void => {
    if (state.phase !== 'ready') return
    const contact = state.contacts.find(known => known.accountId === change.accountId)
    if (contact === undefined) {
      scheduleRefresh()
      return
    }
    if (contact.reachability !== change.reachability) upsertContact({ ...contact, reachability: change.reachability })
  }

  const onRequest = (contact: Contact): void => {
    if (state.phase !== 'ready') return
    upsertContact(contact)
    scheduleRefresh()
  }

  const loadChat = async (peer: AccountId, generation: number): Promise<void> => {
    try {
      const page = await api.history({ peer, limit: HISTORY_PAGE })
      if (generation !== loadGeneration) return
      setChat(peer, chat => ({
        ...chat,
        messages: upsertMessages(chat.messages, page),
        status: 'ready',
        hasMore: page.length === HISTORY_PAGE,
        error: null
      }))
    } catch (err) {
      if (generation !== loadGeneration) return
      setChat(peer, chat => ({ ...chat, status: chat.messages.length > 0 ? 'ready' : 'error', error: normalizeError(err) }))
    }
  }

  /** identity first: NoIdentityError means onboarding, PassphraseRequiredError a locked account */
  const load = async (): Promise<void> => {
    const generation = ++loadGeneration
    let identity: Identity
    try {
      identity = await api.getIdentity()
    } catch (err) {
      if (generation !== loadGeneration) return
      const error = normalizeError(err)
      if (error.name === 'NoIdentityError') set({ phase: 'onboarding', error: null, identity: null })
      else if (error.name === 'PassphraseRequiredError') set({ phase: 'locked', error: null, identity: null })
      else if (state.phase !== 'ready') set({ phase: 'error', error })
      return
    }
    const [contacts, conversations] = await Promise.all([api.listContacts(), api.conversations()])
      .catch((err: unknown) => { throw normalizeError(err) })
    if (generation !== loadGeneration) return
    set({ phase: 'ready', error: null, identity, contacts: sortContacts(contacts), conversations })
    // chats already open: their newest page again, merged with what is held
    await Promise.all([...state.chats.keys()].map(async peer => { await loadChat(peer, generation) }))
  }

  const markReadLocally = (peer: AccountId): void => {
    setConversation(peer, conversation => conversation.unread === 0 ? conversation : { ...conversation, unread: 0 })
    setChat(peer, chat => {
      if (!chat.messages.some(message => message.direction === 'in' && message.state !== 'read')) return chat
      return { ...chat, messages: chat.messages.map(message => message.direction === 'in' && message.state !== 'read' ? { ...message, state: 'read' } : message) }
    })
  }

  return {
    getState: () => state,

    subscribe: listener => {
      listeners.add(listener)
      return () => { listeners.delete(listener) }
    },

    start: () => {
      const stops = [
        api.on('message:received', onReceived),
        api.on('message:state', onState),
        api.on('contact:reachability', onReachability),
        api.on('contact:request', onRequest)
      ]
      load().catch((err: unknown) => { set({ phase: 'error', error: normalizeError(err) }) })
      return () => {
        for (const stop of stops) stop()
        clearTimeout(refreshTimer)
        refreshTimer = undefined
        loadGeneration++
      }
    },

    reload: async () => {
      try {
        await load()
      } catch (err) {
        if (state.phase !== 'ready') set({ phase: 'error', error: normalizeError(err) })
        throw err
      }
    },

    createAccount: async request => {
      const identity = await api.createAccount(request)
      set({ identity })
      await load()
      return identity
    },

    unlock: async passphrase => {
      const identity = await api.unlock({ passphrase }).catch((err: unknown) => { throw normalizeError(err) })
      set({ identity })
      await load()
    },

    openChat: async peer => {
      const existing = state.chats.get(peer)
      if (existing !== undefined && existing.status !== 'error') return
      const chats = new Map(state.chats)
      chats.set(peer, { messages: existing?.messages ?? [], status: 'loading', loadingOlder: false, hasMore: false, error: null })
      set({ chats })
      await loadChat(peer, loadGeneration)
    },

    loadOlder: async peer => {
      const chat = state.chats.get(peer)
      const oldest = chat?.messages[0]
      if (chat === undefined || chat.status !== 'ready' || !chat.hasMore || chat.loadingOlder || oldest === undefined) return
      setChat(peer, current => ({ ...current, loadingOlder: true, error: null }))
      const generation = loadGeneration
      try {
        const page = await api.history({ peer, limit: HISTORY_PAGE, before: oldest.id })
        setChat(peer, current => ({
          ...current,
          messages: upsertMessages(current.messages, page),
          loadingOlder: false,
          hasMore: generation === loadGeneration ? page.length === HISTORY_PAGE : current.hasMore
        }))
      } catch (err) {
        setChat(peer, current => ({ ...current, loadingOlder: false, error: normalizeError(err) }))
      }
    },

    send: async (peer, text) => {
      const message = await api.send({ to: peer, text })
      const held = holdMessage(message)
      // sending to a message request accepts it
      const contact = state.contacts.find(known => known.accountId === peer)
      if (contact?.status === 'request') upsertContact({ ...contact, status: 'accepted' })
      return held
    },

    retry: async id => {
      holdMessage(await api.retry(id))
    },

    markRead: async peer => {
      // one call per conversation at a time; messages that arrive meanwhile get another one
      const running = reading.get(peer)
      if (running !== undefined) {
        running.again = true
        return
      }
      const call = { again: false }
      reading.set(peer, call)
      try {
        do {
          call.again = false
          markReadLocally(peer)
          await api.markRead({ peer })
          // the chat's messages may have loaded while the call ran
          markReadLocally(peer)
        } while (call.again)
      } finally {
        reading.delete(peer)
      }
    },

    addContact: async request => {
      const contact = await api.addContact(request)
      upsertContact(contact)
      scheduleRefresh()
      return contact
    },

    acceptContact: async peer => {
      upsertContact(await api.acceptContact(peer))
    },

    blockContact: async peer => {
      upsertContact(await api.blockContact(peer))
    },

    unblockContact: async peer => {
      upsertContact(await api.unblockContact(peer))
    }
  }
}
