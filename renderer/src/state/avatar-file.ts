/**
 * A picked image file as a group avatar: the data: URL CreateGroupRequest.avatar takes, once
 * its bytes are a PNG, JPEG, GIF or WebP image of at most limits.maxGroupAvatarBytes (the
 * node checks again). Refusals are InvalidArgumentErrors that say what to pick instead.
 */

import { avatarImageType, InvalidArgumentError, limits } from '../../../core/api/index.ts'

function base64 (bytes: Uint8Array): string {
  let binary = ''
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000))
  return btoa(binary)
}

export async function avatarFromFile (file: Blob & { name: string }): Promise<string> {
  if (file.size > limits.maxGroupAvatarBytes) {
    throw new InvalidArgumentError(`${file.name} is ${Math.ceil(file.size / 1024)} KiB: pick an image of at most ${limits.maxGroupAvatarBytes / 1024} KiB`)
  }
  const bytes = new Uint8Array(await file.arrayBuffer())
  const type = avatarImageType(bytes)
  if (type === null) throw new InvalidArgumentError(`${file.name} is not a PNG, JPEG, GIF or WebP image`)
  return `data:${type};base64,${base64(bytes)}`
}
