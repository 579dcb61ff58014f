/** @module From the `ssl` option to node:tls options (PEM given inline or as file paths), and which TLS failures are configuration problems. */
import { readFileSync } from 'node:fs'
import type { ConnectionOptions } from 'node:tls'

export interface SslConfig {
  ca?: string
  cert?: string
  key?: string
  rejectUnauthorized?: boolean
  servername?: string
}

/** `true`: TLS with the runtime's trusted CAs; an object: with these; absent or false: no TLS. Reads the files it names. */
export function toTlsOptions(ssl: boolean | SslConfig | undefined, read: (path: string) => string = (path) => readFileSync(path, 'utf8')): ConnectionOptions | undefined {
  if (ssl === undefined || ssl === false) return undefined
  if (ssl === true) return {}
  const options: ConnectionOptions = { rejectUnauthorized: ssl.rejectUnauthorized ?? true }
  if (ssl.servername !== undefined) options.servername = ssl.servername
  for (const field of ['ca', 'cert', 'key'] as const) {
    const value = ssl[field]
    if (value !== undefined) options[field] = pem(field, value, read)
  }
  return options
}

/** PEM text as it is; anything else is a file path. */
function pem(field: 'ca' | 'cert' | 'key', value: string, read: (path: string) => string): string {
  if (value.includes('-----BEGIN ')) return value
  try {
    return read(value)
  } catch (error) {
    // A key given inline without its PEM header would be printed here: name only short, single-line values.
    const shown = /^[^\n]{1,256}$/.test(value) ? ` ${value}` : ''
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw new Error(`ssl.${field}: cannot read the file${shown} (${reason}); give a PEM file path or PEM text (-----BEGIN …)`, { cause: error })
  }
}

/** Certificate checks Node reports by OpenSSL's name, and its `ERR_SSL_*`/`ERR_OSSL_*` alerts (bad certificate, unknown CA, wrong protocol). */
const certificateCodes = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
])

/** True when `error` is a TLS failure retrying cannot fix: a certificate not trusted or not matching, a key refused, a protocol mismatch. */
export function isTlsFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && (certificateCodes.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_OSSL_'))
}
