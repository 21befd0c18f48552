/**
 * Which image a group avatar's bytes are: the types CreateGroupRequest.avatar may carry
 * (PNG, JPEG, GIF, WebP), told by the bytes each format starts with. Pure; for the CLI and
 * the UI, which turn a picked file into the avatar's data: URL.
 */

export type AvatarImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp'

function startsWith (bytes: Uint8Array, at: number, expected: readonly number[]): boolean {
  return expected.every((byte, i) => bytes[at + i] === byte)
}

const ascii = (text: string): number[] => [...text].map(char => char.charCodeAt(0))

const signatures: ReadonlyArray<{ type: AvatarImageType, matches: (bytes: Uint8Array) => boolean }> = [
  { type: 'image/png', matches: bytes => startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { type: 'image/jpeg', matches: bytes => startsWith(bytes, 0, [0xff, 0xd8, 0xff]) },
  { type: 'image/gif', matches: bytes => startsWith(bytes, 0, ascii('GIF8')) },
  { type: 'image/webp', matches: bytes => startsWith(bytes, 0, ascii('RIFF')) && startsWith(bytes, 8, ascii('WEBP')) }
]

/** The image type of `bytes`, or null when they are none of the avatar types. */
export function avatarImageType (bytes: Uint8Array): AvatarImageType | null {
  return signatures.find(signature => signature.matches(bytes))?.type ?? null
}
