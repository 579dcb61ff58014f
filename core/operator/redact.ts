/** @module Keeps secrets out of logs and metric labels: the config's secret values and any URL password become `***`. Pure. */
import type { TSchema } from '@sinclair/typebox'

const MASK = '***'
/** Config keys whose string values are secrets, besides schema properties marked `secret: true`. */
const SECRET_KEY = /^(token|password|passwd|secret|apiKey|api_key)$|(Token|Password|Secret)$|_(token|password|secret)$/
/** A value shorter than this is masked only where it appears as a URL password (masking every `pw` in every line would garble them). */
const MIN_SECRET = 4

/** `scheme://user:password@`, `token=…`/`password=…` in query strings, and `Bearer …`. */
const PATTERNS: [RegExp, string][] = [
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):[^\s@/]*@/gi, `$1:${MASK}@`],
  [/([?&](?:token|access_token|password|secret)=)[^&\s#]+/gi, `$1${MASK}`],
  [/\b(Bearer\s+)[^\s,;]+/g, `$1${MASK}`],
]

export type Redact = (text: string) => string

/** A redactor masking each of `secrets` wherever it appears, and the patterns above. */
export function createRedactor(secrets: Iterable<string> = []): Redact {
  const values = [...new Set(secrets)].filter((s) => s.length >= MIN_SECRET).sort((a, b) => b.length - a.length)
  return (text) => {
    let out = text
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement)
    for (const value of values) if (out.includes(value)) out = out.split(value).join(MASK)
    return out
  }
}

/**
 * The secret values in a resolved config: strings under keys that name secrets (`token`,
 * `password`, `…Secret`) or properties whose schema says `secret: true`, and URL passwords anywhere.
 */
export function collectSecrets(value: unknown, schema?: TSchema): string[] {
  const found: string[] = []
  const walk = (v: unknown, s: TSchema | undefined, secret: boolean) => {
    if (typeof v === 'string') {
      if (secret || s?.secret === true) found.push(v)
      for (const m of v.matchAll(/:\/\/[^\s:/@]*:([^\s@/]+)@/g)) found.push(m[1]!, decodeSafely(m[1]!))
    } else if (Array.isArray(v)) {
      for (const item of v) walk(item, s?.items as TSchema | undefined, secret)
    } else if (typeof v === 'object' && v !== null) {
      // A union (`ssl: true | { key, … }`): the properties of its object member.
      const properties = (s?.properties ?? (s?.anyOf as TSchema[] | undefined)?.find((member) => member.properties)?.properties ?? {}) as Record<string, TSchema>
      for (const [key, item] of Object.entries(v)) walk(item, properties[key], secret || SECRET_KEY.test(key))
    }
  }
  walk(value, schema, false)
  return found
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text // not percent-encoded after all: the raw text is the secret
  }
}
