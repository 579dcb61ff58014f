/** @module The messages a connection speaks before producing: ApiVersions v0, SaslHandshake v1, SaslAuthenticate v2 (flexible); and version choice. */
import { Reader } from './kafka-wire.ts'

export const SETUP_API = { saslHandshake: 17, apiVersions: 18, saslAuthenticate: 36 } as const

/** Names for messages about versions. */
export const API_NAMES: Record<number, string> = { 0: 'Produce', 3: 'Metadata', 17: 'SaslHandshake', 18: 'ApiVersions', 22: 'InitProducerId', 36: 'SaslAuthenticate' }

/** api key → the versions a broker serves. */
export type ApiRanges = Map<number, { min: number; max: number }>

export function decodeApiVersionsResponse(body: Buffer): { errorCode: number; ranges: ApiRanges } {
  const r = new Reader(body)
  const errorCode = r.int16()
  const ranges: ApiRanges = new Map()
  if (errorCode === 0) for (const [key, min, max] of r.array(() => [r.int16(), r.int16(), r.int16()] as const)) ranges.set(key, { min, max })
  return { errorCode, ranges }
}

/** The highest of `implemented` the broker serves for `apiKey`, or undefined when it serves none of them. */
export function pickVersion(ranges: ApiRanges, apiKey: number, implemented: readonly number[]): number | undefined {
  const range = ranges.get(apiKey)
  if (!range) return undefined
  return implemented.filter((v) => v >= range.min && v <= range.max).sort((a, b) => b - a)[0]
}

/** `Produce v3–v11`, or `no Produce` when the broker does not serve the API at all. */
export function describeRange(ranges: ApiRanges, apiKey: number): string {
  const range = ranges.get(apiKey)
  const name = API_NAMES[apiKey] ?? `API ${apiKey}`
  return range ? `${name} v${range.min}–v${range.max}` : `no ${name}`
}

export function encodeSaslHandshakeRequest(mechanism: string): Buffer {
  const bytes = Buffer.from(mechanism)
  const out = Buffer.allocUnsafe(2 + bytes.length)
  out.writeInt16BE(bytes.length, 0)
  bytes.copy(out, 2)
  return out
}

export function decodeSaslHandshakeResponse(body: Buffer): { errorCode: number; mechanisms: string[] } {
  const r = new Reader(body)
  const errorCode = r.int16()
  return { errorCode, mechanisms: r.array(() => r.string() ?? '') }
}

/** SaslAuthenticate v2: auth bytes as COMPACT_BYTES, then no tagged fields. */
export function encodeSaslAuthenticateRequest(authBytes: Buffer): Buffer {
  return Buffer.concat([unsignedVarint(authBytes.length + 1), authBytes, Buffer.from([0])])
}

export interface SaslAuthenticateResponse {
  errorCode: number
  errorMessage: string | null
  authBytes: Buffer
  /** How long the broker keeps the session before it wants a new authentication; 0: forever. */
  sessionLifetimeMs: number
}

/** The body after the correlation id: response header v1's tagged fields first. */
export function decodeSaslAuthenticateResponse(body: Buffer): SaslAuthenticateResponse {
  const r = new CompactReader(body)
  r.skipTaggedFields()
  const errorCode = r.int16()
  const errorMessage = r.compactString()
  const authBytes = r.compactBytes() ?? Buffer.alloc(0)
  return { errorCode, errorMessage, authBytes, sessionLifetimeMs: Number(r.int64()) }
}

function unsignedVarint(value: number): Buffer {
  const bytes: number[] = []
  while (value > 0x7f) {
    bytes.push((value & 0x7f) | 0x80)
    value >>>= 7
  }
  bytes.push(value)
  return Buffer.from(bytes)
}

/** The compact (flexible-version) encodings: lengths as unsigned varints plus one, tagged fields. */
class CompactReader extends Reader {
  varint(): number {
    let value = 0
    for (let shift = 0; ; shift += 7) {
      const byte = this.buf[this.offset++]!
      value += (byte & 0x7f) * 2 ** shift
      if (byte < 0x80) return value
    }
  }

  compactBytes(): Buffer | null {
    const length = this.varint() - 1
    if (length < 0) return null
    return this.buf.subarray(this.offset, (this.offset += length))
  }

  compactString(): string | null {
    return this.compactBytes()?.toString('utf8') ?? null
  }

  skipTaggedFields(): void {
    for (let n = this.varint(); n > 0; n--) {
      this.varint()
      this.offset += this.varint()
    }
  }
}
