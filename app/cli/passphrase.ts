/**
 * Where a keystore passphrase comes from: `--passphrase-file FILE` (first line), else
 * $TIM_PASSPHRASE, else — only when asked to and stdin is a terminal — a prompt that does
 * not echo. Never logs or prints the passphrase.
 */

import { readFile } from 'node:fs/promises'
import { InvalidArgumentError, AbortError } from '../../core/api/index.ts'

export async function passphraseFromFileOrEnv (file: string | undefined): Promise<string | undefined> {
  if (file !== undefined) {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (err) {
      throw new InvalidArgumentError(`cannot read the passphrase file ${file}: ${(err as Error).message}`)
    }
    const passphrase = text.split(/\r?\n/)[0] ?? ''
    if (passphrase === '') throw new InvalidArgumentError(`the passphrase file ${file} is empty`)
    return passphrase
  }
  const fromEnv = process.env.TIM_PASSPHRASE
  return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv
}

export function canPrompt (): boolean {
  return process.stdin.isTTY === true && typeof process.stdin.setRawMode === 'function'
}

/** Reads one line from the terminal without echoing it. Ctrl-C or Ctrl-D abort. */
export async function promptHidden (prompt: string): Promise<string> {
  const stdin = process.stdin
  process.stderr.write(prompt)
  stdin.setRawMode(true)
  stdin.setEncoding('utf8')
  stdin.resume()
  let input = ''
  try {
    return await new Promise<string>((resolve, reject) => {
      const onData = (chunk: string): void => {
        for (const char of chunk) {
          if (char === '\r' || char === '\n') {
            stdin.off('data', onData)
            resolve(input)
            return
          }
          if (char === '\u0003' || char === '\u0004') {
            stdin.off('data', onData)
            reject(new AbortError('no passphrase given'))
            return
          }
          if (char === '\u007f' || char === '\b') {
            input = input.slice(0, -1)
          } else {
            input += char
          }
        }
      }
      stdin.on('data', onData)
    })
  } finally {
    stdin.setRawMode(false)
    stdin.pause()
    process.stderr.write('\n')
  }
}
