/**
 * `tim contacts verify` — the safety number shared with a contact, in 12 groups of 5 digits
 * and as a QR code drawn with text, for the two people to compare in person or on a call;
 * `--yes` records that they matched, `--no` forgets that. Warns when the contact's keys
 * changed since it was verified.
 */

import QRCode from 'qrcode'
import type { SafetyNumber } from '../../../core/api/index.ts'
import { nodeClientOptions, UsageError, type CommandSpec } from '../command.ts'
import { callOptions, withNode } from '../connect.ts'
import { printJson, printLine } from '../output.ts'
import { namedAccount } from '../peer-arg.ts'

/** The 60 digits as three rows of four groups of five, as both people read them out. */
export function safetyNumberRows (safetyNumber: string): string[] {
  const groups = safetyNumber.replace(/\D/g, '').match(/\d{1,5}/g) ?? []
  const rows: string[] = []
  for (let i = 0; i < groups.length; i += 4) rows.push(groups.slice(i, i + 4).join(' '))
  return rows
}

/** The QR code as text for a dark terminal: light blocks are the light modules. */
async function qrText (text: string): Promise<string> {
  return await QRCode.toString(text, { type: 'utf8', margin: 2, color: { dark: '#ffffff', light: '#000000' } })
}

/** `--yes` → true, `--no` → false, neither → undefined (only show). */
function verdict (yes: boolean, no: boolean): boolean | undefined {
  if (yes && no) throw new UsageError('tim contacts verify: give --yes or --no, not both')
  return yes ? true : no ? false : undefined
}

export const verifyCommand: CommandSpec = {
  name: 'contacts verify',
  summary: 'show the safety number to compare with a contact; --yes when it matches',
  args: '<account-id|contact-name>',
  options: {
    ...nodeClientOptions,
    yes: { type: 'boolean', help: 'the numbers matched: mark the contact verified' },
    no: { type: 'boolean', help: 'forget that the contact was verified' }
  },
  details: [
    'Compare the number (or scan the QR code) with the contact in person or on a call:',
    'if both of you see the same, nobody is in between. It changes when their keys change.'
  ],
  positionals: { min: 1, max: 1 },
  run: async ({ dataDir, positionals, flag, json }) => {
    const verified = verdict(flag('yes'), flag('no'))
    const { name, safety } = await withNode(dataDir, async api => {
      const { accountId, name } = namedAccount(await api.listContacts(callOptions()), positionals[0] ?? '')
      if (verified !== undefined) await api.verifyContact({ peer: accountId, verified }, callOptions())
      return { name, safety: await api.safetyNumber(accountId, callOptions()) }
    })
    if (json) {
      printJson(safety)
      return 0
    }
    await printSafetyNumber(name, safety)
    return 0
  }
}

async function printSafetyNumber (name: string, safety: SafetyNumber): Promise<void> {
  printLine(`safety number with ${name} (${safety.accountId}):`)
  for (const row of safetyNumberRows(safety.safetyNumber)) printLine(`  ${row}`)
  printLine(await qrText(safety.qr))
  if (safety.keysChanged) {
    printLine(`warning: ${name}'s keys changed since you verified them: compare the numbers again`)
  }
  printLine(safety.verified
    ? `verified: yes (you compared the numbers with ${name})`
    : `verified: no: compare the numbers with ${name}, then run \`tim contacts verify ${safety.accountId} --yes\``)
}
