/**
 * `tim init` — creates the account and first-device keys of a new data directory. Prints the
 * account id on stdout (so scripts can capture it) and the next step on stderr.
 */

import { dataOption, jsonOption, type CommandSpec } from '../command.ts'
import { timCommand } from '../data-dir.ts'
import { note, printJson, printLine } from '../output.ts'
import { passphraseFromFileOrEnv } from '../passphrase.ts'

export const initCommand: CommandSpec = {
  name: 'init',
  summary: 'create a new account (keys for it and for this device) in a data directory',
  options: {
    ...dataOption,
    name: { type: 'string', value: 'NAME', help: 'the name your contacts see (default: $USER)' },
    'passphrase-file': { type: 'string', value: 'FILE', help: 'encrypt the keys with the first line of FILE (or set TIM_PASSPHRASE)' },
    ...jsonOption
  },
  details: [
    'Without a passphrase the keys are stored unencrypted (mode 0600) in DIR/keys.json.',
    'DIR is made its owner\'s only (directories 0700, files 0600), even if it existed before.'
  ],
  positionals: { min: 0, max: 0 },
  run: async ({ dataDir, string, json }) => {
    const { createIdentity } = await import('../../../core/identity/index.ts')
    const passphrase = await passphraseFromFileOrEnv(string('passphrase-file'))
    const identity = await createIdentity(dataDir.path, { name: string('name') ?? defaultName(), passphrase })
    if (json) {
      printJson({ accountId: identity.accountId, deviceId: identity.deviceId, name: identity.name, encrypted: identity.encrypted })
      return 0
    }
    note(`created the account "${identity.name}" in ${dataDir.display}${identity.encrypted ? ' (keys encrypted)' : ''}`)
    printLine(identity.accountId)
    note(`next: start its node with \`${timCommand(dataDir, 'node')}\``)
    return 0
  }
}

/** The login name, as a first guess at the user's display name. */
export function defaultName (): string {
  const user = process.env.USER ?? process.env.USERNAME ?? ''
  return user.trim() === '' ? 'Tim user' : user.trim().slice(0, 64)
}
