/**
 * presence — statuses (online, away, busy, invisible), status texts, last-seen times and
 * typing indicators, shared with accepted contacts only, over the connections that exist
 * between their devices: never through the DHT, mailboxes or any store of another node.
 * Owns the `presence` sublevel (this node's own presence; contacts' last-seen times) and the
 * `/tim/signal/1.0.0` protocol. Must not: store or queue a typing signal, tell anything to a
 * device that is not an accepted contact's, or open a connection except to its contacts'
 * devices when it stops being invisible.
 *
 * Wiring (core/index.ts and net; not done here):
 * - `services.presence = presenceService({ account, contacts, store, hub, typingTtlMs? })`
 *   among the libp2p services (net has to accept services from higher rooms). libp2p builds
 *   services before messaging exists, so `contacts` delegates to messaging's contact book once
 *   it is made: `accountOf(device)` answers for accepted contacts only (null for requests,
 *   blocked accounts and strangers), `devicesOf(account)`, `accounts()` (accepted). `hub` is
 *   messaging's EventHub (create it before the node); the service listens to its
 *   `contact:updated` and `contact:removed` and emits `contact:presence` and
 *   `conversation:typing` on it.
 * - net's peer gate (core/net/peer-gate.ts): `gate: { hides: peer => presence.hides(peer) }`
 *   (late-bound to `libp2p.services.presence`). The service calls `net.enforceGate()` itself
 *   when it goes invisible.
 * - Once messaging's contact book answers, with its contacts loaded (after libp2p started, so
 *   contacts' connections may be open and their signals were ignored), call
 *   `presence.contactsKnown()`: it enforces the gate while invisible, and otherwise tells every
 *   connected contact device our presence (which makes them tell theirs again). Until the
 *   contacts are loaded `accountOf` knows no one, so an invisible node hides no one: call it
 *   before messaging takes envelopes from those connections.
 * - The API: `getPresence`, `setPresence`, `setTyping` call the service's methods of the same
 *   names; `Contact.presence` is `presenceOf(accountId)`; messaging holds every receipt while
 *   `invisible()` (see below); `NodeStats.rejected` adds `counts().rejected`.
 *
 * ## Presence and typing (`/tim/signal/1.0.0`) — the section for docs/protocol.md
 *
 * Who talks: two devices whose accounts are each other's accepted contacts, over a connection
 * that is already open between them (noise authenticates both PeerIds, the device
 * certificates its account signed say which account a PeerId belongs to). A device never
 * dials for presence, except that a device that stops being invisible dials its contacts'
 * devices as a starting node does. A stream from any other device is reset unread.
 *
 * Framing: one signal per stream. The opener writes one varint length-prefixed `SignalFrame`
 * (at most 1024 bytes) and closes its writing end; the other device reads that one frame,
 * acts on it, and closes its end. A device waits for that close before it opens the next
 * signal stream to the same device, so signals arrive in the order they were sent; signals
 * that pile up meanwhile are merged into one frame (the latest presence and the latest
 * typing). A receiver takes at most 4 signal streams at a time per connection and 5 signals
 * a second per device (bursts of 20); it resets what is over, and what does not decode.
 *
 * `SignalFrame` carries `presence`, `typing`, or both:
 * - `PresenceSignal.status`: 0 online, 1 away, 2 busy, 3 offline (sent when the device goes
 *   invisible or stops); an unknown number reads as online. `text`: the status text, at most
 *   140 UTF-16 code units, '' for none. `lastSeen`: the sender's clock when it sent this, ms
 *   since epoch; 0 when the user hides when they were last online.
 * - `TypingSignal.conversation`: the conversation as the recipient names it, `dm:<sender's
 *   account>` (any other value is refused); `typing`: started (true) or stopped (false).
 *
 * When: a device sends its presence on every new connection to a contact's device (both ends
 * do) and to every connected contact device on each change of status, text or
 * shareLastSeen. A device whose signal was reset (the other had not accepted it yet) sends its
 * presence again when it first hears that device's presence (it has been accepted since). A client sends `typing: true` every ~3 s while its user types and `false`
 * when they stop; the receiver treats `true` as lapsed after 6 s without a repeat, and as
 * stopped on `false`, on an offline presence, or when the sender's last connection closes.
 *
 * What a contact sees: an account is as present as its most present connected device
 * (online, then busy, then away) with that device's text. With no device connected, or after
 * an offline presence, it is offline, with the time the receiver last saw it online (the
 * receiver's clock, kept across restarts) unless its latest presence had `lastSeen` 0.
 *
 * Invisible ("appears offline, still receives"). A contact cannot tell an invisible device
 * from one that is switched off, because it sees the same things:
 * - Presence: the device sends the same offline frame a stopping device sends (status 3, no
 *   text, `lastSeen` now or 0 as the user shares it) to each connected contact device, and then
 *   closes its connections to them, as a stopping device's connections close.
 * - Connections: while invisible the device's connection gate refuses its contacts' devices
 *   both ways (its own dials to them, and theirs after the encryption handshake). Every
 *   message between them goes through the recipient's mailboxes, as to an offline device.
 * - Typing: none is sent.
 * - Receipts: core/messaging sends no delivery or read receipt while invisible and sends what
 *   it held once the user is visible again, so nothing the contact receives is faster than an
 *   offline device that collects its mail when it comes back.
 * The device still receives: it collects its mail from its mailbox nodes, which are not its
 * contacts' devices.
 *
 * What invisible does NOT hide:
 * - The device still listens. A peer that dials it with a key that is not a contact's device
 *   (a fresh key) is answered, so anyone who knows the device's PeerId and address can tell
 *   it is running; a contact's device that dials it is refused after the encryption handshake
 *   instead of getting no answer, which a contact that inspects its connections could notice.
 * - The account record in the DHT is republished as usual: a sequence number that keeps
 *   rising shows that some device of the account runs.
 * - Mailbox nodes see the device collecting mail; a contact that runs one of the account's
 *   mailbox nodes sees it too (and while invisible, the device cannot collect from a mailbox
 *   node that is a contact's device: the gate refuses it).
 * - Messages the user sends while invisible arrive (through mailboxes) and show they are active.
 * - Invisible is a setting of one device: the account's other devices show their own presence.
 */

export { presenceService, type PresenceContacts, type PresenceCounts, type PresenceEventHub, type PresenceService, type PresenceServiceComponents, type PresenceServiceInit } from './presence-service.ts'
export { decodeSignal, encodeSignal, MAX_SIGNAL_FRAME_BYTES, SIGNAL_PROTOCOL, type PresenceSignal, type Signal, type SignalStatus, type TypingSignal } from './frames.ts'
