/** @module The md5/sha1/sha256 hex digests of a randomuser login (UTF-8), from the runtime's `node:crypto` (Node, Bun and Deno all have it). */
import { createHash } from 'node:crypto'

const digest = (algorithm: string) => (text: string): string => createHash(algorithm).update(text, 'utf8').digest('hex')

export const md5 = digest('md5')
export const sha1 = digest('sha1')
export const sha256 = digest('sha256')
