/**
 * A child process for the journal tests: opens the store at argv[2], writes argv[3] batches
 * (each a JSON put and a binary put), and the moment the last one resolved, SIGKILLs itself:
 * LevelDB has not applied them yet (that starts in a later turn), only the journal has them.
 */

import { createStore, type BatchOperation } from '../../../core/store/index.ts'

const count = Number(process.argv[3])
const store = await createStore({ path: process.argv[2] as string })
const contacts = store.json<{ n: number }>('contacts')
const outbox = store.binary('outbox')
for (let n = 0; n < count; n++) {
  await store.batch([
    { type: 'put', sublevel: contacts, key: `k${n}`, value: { n } },
    { type: 'put', sublevel: outbox, key: `k${n}`, value: Uint8Array.of(n, 255) }
  ] as BatchOperation[])
}
process.kill(process.pid, 'SIGKILL')
