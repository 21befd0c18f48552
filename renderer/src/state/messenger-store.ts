/**
 * The UI's model of the node: identity, contacts, groups, conversations, the open chats (keyed by
 * ConversationId), who is typing and this account's presence, kept current from every
 * MessengerEvent and from call results, for React to read through useSyncExternalStore.
 * Sent messages show at once as local echoes (local-echo.ts); those refused before they left
 * the page (the node cannot be reached) wait in unsent.ts and go out once it is back. Owns no I/O of its own:
 * every fact comes from the Transport it is given, and a reload (after a reconnection) asks
 * the node again for all of it.
 */

import type {
  AccountId, AddContactRequest, Contact, ContactRemoval, Conversation, ConversationId, ConversationRemoval,
  CreateAccountRequest, GroupInfo, Identity, Message, MessageId, MessageRemoval, MessageStateChange, MessengerApi,
  MessengerEventSource, MyPresence, PresenceChange, ReachabilityChange, RenameContactRequest, SendRequest,
  SetPresenceRequest, TypingChange
} from '../../../core/api/index.ts'
import { limits } from '../../../core/api/index.ts'
import { normalizeError, wasNeverSent } from '../transport/errors.ts'
import { conversationItems, sortContacts, type ConversationItem } from './conversations.ts'
import { echoOf, isEchoOf, isLocalId, newLocalId } from './local-echo.ts'
import { applyStateChange, isNewer, removeMessage, upsertMessages, type ShownMessage } from './messages.ts'
import { dropUnsent, keepUnsent, readUnsent } from './unsent.ts'

export interface ChatState {
  /** sorted oldest first, as history pages them; local echoes among them */
  messages: readonly ShownMessage[]
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
  /** the groups this account is or was in, kept current from events */
  groups: readonly GroupInfo[]
  /** as the node lists them, kept current from events */
  conversations: readonly Conversation[]
  /** what the conversation list shows (derived from conversations and contacts) */
  items: readonly ConversationItem[]
  chats: ReadonlyMap<ConversationId, ChatState>
  /** who is typing in each conversation right now */
  typing: ReadonlyMap<ConversationId, readonly AccountId[]>
  /** what this account tells its contacts; null until known */
  presence: MyPresence | null
}

export interface MessengerStore {
  getState: () => MessengerState
  subscribe: (listener: () => void) => () => void
  /** subscribes to the node's events and loads everything; returns the stop function */
  start: () => () => void
  /** asks the node again for everything shown (after a reconnection), then sends what waited */
  reload: () => Promise<void>
  createAccount: (request: CreateAccountRequest) => Promise<Identity>
  /** opens the account's encrypted keys; WrongPassphraseError when the passphrase does not */
  unlock: (passphrase: string) => Promise<void>
  openChat: (conversation: ConversationId) => Promise<void>
  loadOlder: (conversation: ConversationId) => Promise<void>
  /** shows the message at once (local echo) and sends it; never rejects: failures show on the message */
  send: (request: SendRequest) => void
  /** a failed message again: the node's retry, or a local echo sent again */
  retry: (id: MessageId) => Promise<void>
  /** marks incoming messages read up to and including `upTo` */
  markRead: (conversation: ConversationId, upTo: MessageId) => Promise<void>
  editMessage: (id: MessageId, text: string) => Promise<void>
  react: (id: MessageId, emoji: string, remove: boolean) => Promise<void>
  recall: (id: MessageId) => Promise<void>
  /** deletes for this node only (a local echo that failed: forgets it) */
  deleteMessage: (id: MessageId) => Promise<void>
  deleteConversation: (conversation: ConversationId) => Promise<void>
  addContact: (request: AddContactRequest) => Promise<Contact>
  acceptContact: (peer: AccountId) => Promise<void>
  blockContact: (peer: AccountId) => Promise<void>
  unblockContact: (peer: AccountId) => Promise<void>
  removeContact: (peer: AccountId) => Promise<void>
  renameContact: (request: RenameContactRequest) => Promise<void>
  verifyContact: (peer: AccountId, verified: boolean) => Promise<void>
  /** a group as a call answered it (the UI calls the group methods itself) */
  holdGroup: (group: GroupInfo) => void
  setPresence: (request: SetPresenceRequest) => Promise<void>
}

export const HISTORY_PAGE = limits.defaultHistoryPage

/** A typing=true lapses after this long without a refresh (the sender refreshes every ~3 s). */
export const TYPING_LAPSE_MS = 7000

const initialState: MessengerState = {
  phase: 'loading',
  error: null,
  identity: null,
  contacts: [],
  groups: [],
  conversations: [],
  items: [],
  chats: new Map(),
  typing: new Map(),
  presence: null
}

/** State changes for messages the UI does not hold yet (an event may beat send()'s answer). */
const EARLY_STATES_KEPT = 256

export function createMessengerStore (api: MessengerApi & MessengerEventSource): MessengerStore {
  let state = initialState
  const listeners = new Set<() => void>()
  const earlyStates = new Map<MessageId, MessageStateChange>()
  let refreshTimer: ReturnType<typeof setTimeout> | undefined
  /** whether the scheduled refresh asks for the contacts too, not only the conversations */
  let refreshContacts = false
  let loadGeneration = 0
  const reading = new Map<ConversationId, { upTo: MessageId | null }>()
  const typingTimers = new Map<string, ReturnType<typeof setTimeout>>()
  /** local echoes whose send() has not answered, by local id */
  const inFlight = new Map<string, SendRequest>()
  /** local id → the node's id, once the message:queued event matched it */
  const matched = new Map<string, MessageId>()
  let flushing = false

  const set = (patch: Partial<MessengerState>): void => {
    const next = { ...state, ...patch }
    if (patch.contacts !== undefined || patch.conversations !== undefined || patch.groups !== undefined) {
      next.items = conversationItems(next.conversations, next.contacts, next.groups)
    }
    state = next
    for (const listener of [...listeners]) listener()
  }

  const setChat = (conversation: ConversationId, update: (chat: ChatState) => ChatState): void => {
    const chat = state.chats.get(conversation)
    if (chat === undefined) return
    const next = update(chat)
    if (next === chat) return
    const chats = new Map(state.chats)
    chats.set(conversation, next)
    set({ chats })
  }

  const setMessages = (conversation: ConversationId, update: (messages: readonly ShownMessage[]) => readonly ShownMessage[]): void => {
    setChat(conversation, chat => {
      const messages = update(chat.messages)
      return messages === chat.messages ? chat : { ...chat, messages }
    })
  }

  const setConversation = (id: ConversationId, update: (conversation: Conversation) => Conversation): boolean => {
    const at = state.conversations.findIndex(conversation => conversation.id === id)
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

  const updateContact = (accountId: AccountId, update: (contact: Contact) => Contact): boolean => {
    const contact = state.contacts.find(known => known.accountId === accountId)
    if (contact === undefined) return false
    const next = update(contact)
    if (next !== contact) upsertContact(next)
    return true
  }

  const refreshLists = async (withContacts: boolean): Promise<void> => {
    if (!withContacts) {
      set({ conversations: await api.conversations() })
      return
    }
    const [contacts, conversations] = await Promise.all([api.listContacts(), api.conversations()])
    set({ contacts: sortContacts(contacts), conversations })
  }

  /** asks the node for the lists again soon (once for many events); `conversations`: those alone */
  function scheduleRefresh (lists: 'all' | 'conversations' = 'all'): void {
    if (lists === 'all') refreshContacts = true
    if (refreshTimer !== undefined) return
    refreshTimer = setTimeout(() => {
      refreshTimer = undefined
      const withContacts = refreshContacts
      refreshContacts = false
      refreshLists(withContacts).catch(() => { /* shown again on the next event or reload */ })
    }, 150)
  }

  /** a message the UI now holds: in its chat, and as its conversation's last message */
  const holdMessage = (message: Message): Message => {
    const early = earlyStates.get(message.id)
    if (early !== undefined) {
      earlyStates.delete(message.id)
      message = applyStateChange(message, early)
    }
    setMessages(message.conversation, messages => upsertMessages(messages, [message]))
    const known = setConversation(message.conversation, conversation => {
      const last = conversation.lastMessage
      if (last !== null && last.id === message.id) return { ...conversation, lastMessage: { ...message, state: applyStateChange(last, message).state } }
      return isNewer(message, last) ? { ...conversation, lastMessage: message } : conversation
    })
    if (!known) scheduleRefresh()
    return message
  }

  /** replaces the local echo `localId` by the node's message */
  const settleEcho = (localId: string, message: Message): void => {
    inFlight.delete(localId)
    setMessages(message.conversation, messages => removeMessage(messages, localId))
    holdMessage(message)
  }

  const setEcho = (conversation: ConversationId, localId: string, local: ShownMessage['local']): void => {
    setMessages(conversation, messages => messages.map(message => message.id === localId ? { ...message, local } : message))
  }

  // --- events ------------------------------------------------------------------------------

  const ready = (): boolean => state.phase === 'ready'

  const onReceived = (message: Message): void => {
    if (!ready()) return
    holdMessage(message)
    // the unread count is the node's, and an arriving message changes it without a conversation:updated
    scheduleRefresh('conversations')
  }

  const onQueued = (message: Message): void => {
    if (!ready()) return
    const chat = state.chats.get(message.conversation)
    const echo = chat?.messages.find(shown => inFlight.has(shown.id) && !matched.has(shown.id) && isEchoOf(shown, message))
    if (echo !== undefined) {
      matched.set(echo.id, message.id)
      setMessages(message.conversation, messages => removeMessage(messages, echo.id))
    }
    holdMessage(message)
  }

  const onState = (change: MessageStateChange): void => {
    if (!ready()) return
    let held = false
    setMessages(change.conversation, messages => {
      const at = messages.findIndex(message => message.id === change.id)
      const current = messages[at]
      if (current === undefined) return messages
      held = true
      const next = applyStateChange(current, change)
      if (next === current) return messages
      const copy = [...messages]
      copy[at] = next
      return copy
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

  const onUpdated = (message: Message): void => {
    if (!ready()) return
    setMessages(message.conversation, messages => messages.some(held => held.id === message.id) ? upsertMessages(messages, [message]) : messages)
    setConversation(message.conversation, conversation => conversation.lastMessage?.id === message.id ? { ...conversation, lastMessage: message } : conversation)
  }

  const onRemoved = (removal: MessageRemoval): void => {
    if (!ready()) return
    setMessages(removal.conversation, messages => removeMessage(messages, removal.id))
    if (state.conversations.some(conversation => conversation.lastMessage?.id === removal.id)) scheduleRefresh()
  }

  const onConversationUpdated = (conversation: Conversation): void => {
    if (!ready()) return
    if (!setConversation(conversation.id, () => conversation)) set({ conversations: [...state.conversations, conversation] })
  }

  const onConversationRemoved = ({ id }: ConversationRemoval): void => {
    if (!ready()) return
    const chats = new Map(state.chats)
    const chat = chats.get(id)
    if (chat !== undefined) chats.set(id, { ...chat, messages: chat.messages.filter(message => message.local !== undefined), hasMore: false })
    set({ conversations: state.conversations.filter(conversation => conversation.id !== id), chats })
  }

  const onTyping = (change: TypingChange): void => {
    if (!ready()) return
    const key = `${change.conversation} ${change.from}`
    clearTimeout(typingTimers.get(key))
    typingTimers.delete(key)
    const current = state.typing.get(change.conversation) ?? []
    const others = current.filter(account => account !== change.from)
    const next = change.typing ? [...others, change.from] : others
    if (change.typing) {
      typingTimers.set(key, setTimeout(() => { onTyping({ ...change, typing: false }) }, TYPING_LAPSE_MS))
    }
    if (next.length === current.length && next.every((account, i) => account === current[i])) return
    const typing = new Map(state.typing)
    if (next.length === 0) typing.delete(change.conversation)
    else typing.set(change.conversation, next)
    set({ typing })
  }

  const onReachability = (change: ReachabilityChange): void => {
    if (!ready()) return
    const known = updateContact(change.accountId, contact => contact.reachability === change.reachability ? contact : { ...contact, reachability: change.reachability })
    if (!known) scheduleRefresh()
  }

  const onPresence = (change: PresenceChange): void => {
    if (!ready()) return
    const known = updateContact(change.accountId, contact => ({ ...contact, presence: change.presence }))
    if (!known) scheduleRefresh()
  }

  const onContact = (contact: Contact): void => {
    if (!ready()) return
    upsertContact(contact)
    scheduleRefresh()
  }

  const onContactRemoved = ({ accountId }: ContactRemoval): void => {
    if (!ready()) return
    set({ contacts: state.contacts.filter(contact => contact.accountId !== accountId) })
  }

  const onGroup = (group: GroupInfo): void => {
    if (!ready()) return
    set({ groups: [...state.groups.filter(held => held.id !== group.id), group] })
  }

  // --- loading -------------------------------------------------------------------------------

  /** the echoes of unsent messages of one conversation (kept across reloads) */
  const unsentEchoes = (conversation: ConversationId): ShownMessage[] => {
    const from = state.identity?.accountId ?? ''
    return readUnsent()
      .filter(unsent => unsent.request.conversation === conversation)
      .map(unsent => echoOf(unsent.request, unsent.localId, from, unsent.timestamp, undefined, true))
  }

  const loadChat = async (conversation: ConversationId, generation: number): Promise<void> => {
    try {
      const page = await api.history({ conversation, limit: HISTORY_PAGE })
      if (generation !== loadGeneration) return
      setChat(conversation, chat => ({
        ...chat,
        messages: upsertMessages(chat.messages, [...page, ...unsentEchoes(conversation)]),
        status: 'ready',
        hasMore: page.length === HISTORY_PAGE,
        error: null
      }))
    } catch (err) {
      if (generation !== loadGeneration) return
      setChat(conversation, chat => ({ ...chat, status: chat.messages.length > 0 ? 'ready' : 'error', error: normalizeError(err) }))
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
    const [contacts, conversations, presence, groups] = await Promise.all([
      // groups are not what a 1:1 chat needs: without them the messenger still loads
      api.listContacts(), api.conversations(), api.getPresence().catch(() => null), api.listGroups().catch(() => [])
    ]).catch((err: unknown) => { throw normalizeError(err) })
    if (generation !== loadGeneration) return
    set({ phase: 'ready', error: null, identity, contacts: sortContacts(contacts), conversations, presence, groups })
    // chats already open: their newest page again, merged with what is held
    await Promise.all([...state.chats.keys()].map(async conversation => { await loadChat(conversation, generation) }))
    await flushUnsent()
  }

  // --- sending -------------------------------------------------------------------------------

  const deliver = async (localId: string, request: SendRequest): Promise<void> => {
    inFlight.set(localId, request)
    try {
      const message = await api.send(request)
      dropUnsent(localId)
      settleEcho(localId, message)
    } catch (err) {
      inFlight.delete(localId)
      const error = normalizeError(err)
      if (wasNeverSent(error)) {
        keepUnsent({ localId, request, timestamp: Date.now() })
        setEcho(request.conversation, localId, { waiting: true })
      } else {
        dropUnsent(localId)
        setEcho(request.conversation, localId, { waiting: false, error })
      }
    } finally {
      matched.delete(localId)
    }
  }

  /** sends, in order, what was written while the node could not be reached */
  async function flushUnsent (): Promise<void> {
    if (flushing) return
    flushing = true
    try {
      for (const unsent of readUnsent()) {
        if (inFlight.has(unsent.localId)) continue
        setEcho(unsent.request.conversation, unsent.localId, { waiting: false })
        await deliver(unsent.localId, unsent.request)
        if (readUnsent().some(kept => kept.localId === unsent.localId)) return // still unreachable
      }
    } finally {
      flushing = false
    }
  }

  const findMessage = (id: MessageId): ShownMessage | undefined => {
    for (const chat of state.chats.values()) {
      const found = chat.messages.find(message => message.id === id)
      if (found !== undefined) return found
    }
    return undefined
  }

  const markReadCall = async (conversation: ConversationId, upTo: MessageId): Promise<void> => {
    // one call per conversation at a time; the newest `upTo` asked meanwhile goes next
    const running = reading.get(conversation)
    if (running !== undefined) {
      running.upTo = upTo
      return
    }
    const call: { upTo: MessageId | null } = { upTo }
    reading.set(conversation, call)
    try {
      while (call.upTo !== null) {
        const next = call.upTo
        call.upTo = null
        const updated = await api.markRead({ conversation, upTo: next })
        onConversationUpdated(updated)
      }
    } finally {
      reading.delete(conversation)
    }
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
        api.on('message:queued', onQueued),
        api.on('message:state', onState),
        api.on('message:updated', onUpdated),
        api.on('message:removed', onRemoved),
        api.on('conversation:updated', onConversationUpdated),
        api.on('conversation:removed', onConversationRemoved),
        api.on('conversation:typing', onTyping),
        api.on('contact:reachability', onReachability),
        api.on('contact:request', onContact),
        api.on('contact:updated', onContact),
        api.on('contact:removed', onContactRemoved),
        api.on('contact:presence', onPresence),
        api.on('group:updated', onGroup)
      ]
      load().catch((err: unknown) => { set({ phase: 'error', error: normalizeError(err) }) })
      return () => {
        for (const stop of stops) stop()
        clearTimeout(refreshTimer)
        refreshTimer = undefined
        for (const timer of typingTimers.values()) clearTimeout(timer)
        typingTimers.clear()
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

    openChat: async conversation => {
      const existing = state.chats.get(conversation)
      if (existing !== undefined && existing.status !== 'error') return
      const chats = new Map(state.chats)
      chats.set(conversation, { messages: existing?.messages ?? [], status: 'loading', loadingOlder: false, hasMore: false, error: null })
      set({ chats })
      await loadChat(conversation, loadGeneration)
    },

    loadOlder: async conversation => {
      const chat = state.chats.get(conversation)
      const oldest = chat?.messages.find(message => message.local === undefined)
      if (chat === undefined || chat.status !== 'ready' || !chat.hasMore || chat.loadingOlder || oldest === undefined) return
      setChat(conversation, current => ({ ...current, loadingOlder: true, error: null }))
      const generation = loadGeneration
      try {
        const page = await api.history({ conversation, limit: HISTORY_PAGE, before: oldest.id })
        setChat(conversation, current => ({
          ...current,
          messages: upsertMessages(current.messages, page),
          loadingOlder: false,
          hasMore: generation === loadGeneration ? page.length === HISTORY_PAGE : current.hasMore
        }))
      } catch (err) {
        setChat(conversation, current => ({ ...current, loadingOlder: false, error: normalizeError(err) }))
      }
    },

    send: request => {
      const localId = newLocalId()
      const quoted = request.replyTo === undefined ? undefined : findMessage(request.replyTo)
      const echo = echoOf(request, localId, state.identity?.accountId ?? '', Date.now(), quoted, false)
      setMessages(request.conversation, messages => upsertMessages(messages, [echo]))
      void deliver(localId, request)
    },

    retry: async id => {
      if (!isLocalId(id)) {
        holdMessage(await api.retry(id))
        return
      }
      const echo = findMessage(id)
      if (echo === undefined) return
      setEcho(echo.conversation, id, { waiting: false })
      const request: SendRequest = { conversation: echo.conversation }
      if (echo.custom !== undefined) request.custom = echo.custom
      else request.text = echo.text
      if (echo.replyTo !== undefined) request.replyTo = echo.replyTo.id
      if (echo.burn !== undefined) request.burnSeconds = echo.burn.seconds
      await deliver(id, request)
    },

    markRead: markReadCall,

    editMessage: async (id, text) => { onUpdated(await api.editMessage({ id, text })) },

    react: async (id, emoji, remove) => { onUpdated(await api.react({ id, emoji, remove })) },

    recall: async id => { onUpdated(await api.recall(id)) },

    deleteMessage: async id => {
      const held = findMessage(id)
      if (isLocalId(id)) {
        dropUnsent(id)
      } else {
        await api.deleteMessage(id)
      }
      if (held !== undefined) onRemoved({ id, conversation: held.conversation })
    },

    deleteConversation: async conversation => {
      await api.deleteConversation(conversation)
      onConversationRemoved({ id: conversation })
    },

    addContact: async request => {
      const contact = await api.addContact(request)
      upsertContact(contact)
      scheduleRefresh()
      return contact
    },

    acceptContact: async peer => { upsertContact(await api.acceptContact(peer)) },

    blockContact: async peer => { upsertContact(await api.blockContact(peer)) },

    unblockContact: async peer => { upsertContact(await api.unblockContact(peer)) },

    removeContact: async peer => {
      await api.removeContact(peer)
      onContactRemoved({ accountId: peer })
    },

    renameContact: async request => { upsertContact(await api.renameContact(request)) },

    verifyContact: async (peer, verified) => { upsertContact(await api.verifyContact({ peer, verified })) },

    setPresence: async request => { set({ presence: await api.setPresence(request) }) },

    holdGroup: onGroup
  }
}

