import { Value } from '@sinclair/typebox/value'
import { Type } from '@sinclair/typebox'
import { describe, expect, it } from 'vitest'
import { securityOptions, toKafkaSecurity } from './security-config.ts'
import { isTlsFailure, toTlsOptions } from './tls-options.ts'

const PEM_KEY = '-----BEGIN PRIVATE KEY-----\nMIIEv...\n-----END PRIVATE KEY-----\n'
const files: Record<string, string> = { '/certs/ca.pem': '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n', '/certs/client.key': PEM_KEY }
const read = (path: string) => {
  if (path in files) return files[path]!
  throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' })
}

describe('ssl and sasl options', () => {
  it('accept true, an object of PEM paths or text, and the three mechanisms; nothing else', () => {
    const schema = Type.Object(securityOptions, { additionalProperties: false })
    expect(Value.Check(schema, { ssl: true, sasl: { mechanism: 'scram-sha-512', username: 'a', password: 'p' } })).toBe(true)
    expect(Value.Check(schema, { ssl: { ca: '/certs/ca.pem', key: PEM_KEY, rejectUnauthorized: false, servername: 'kafka' } })).toBe(true)
    expect(Value.Check(schema, { sasl: { mechanism: 'gssapi', username: 'a', password: 'p' } })).toBe(false)
    expect(Value.Check(schema, { ssl: { keystore: 'x' } })).toBe(false)
    expect(Value.Check(schema, { sasl: { mechanism: 'plain', username: 'a' } })).toBe(false)
  })

  it('read PEM from files or take it inline, and check the broker by default', () => {
    expect(toTlsOptions(undefined, read)).toBeUndefined()
    expect(toTlsOptions(false, read)).toBeUndefined()
    expect(toTlsOptions(true, read)).toEqual({})
    expect(toTlsOptions({ ca: '/certs/ca.pem', key: PEM_KEY }, read)).toEqual({ rejectUnauthorized: true, ca: files['/certs/ca.pem'], key: PEM_KEY })
    expect(toTlsOptions({ key: '/certs/client.key', rejectUnauthorized: false, servername: 'kafka-1' }, read)).toEqual({ rejectUnauthorized: false, servername: 'kafka-1', key: PEM_KEY })
  })

  it('name the option and file they cannot read, but not a multi-line value that may be a key', () => {
    expect(() => toKafkaSecurity({ ssl: { ca: '/certs/missing.pem' } }, 'kafka-sink `out`', read)).toThrow('kafka-sink `out`: ssl.ca: cannot read the file /certs/missing.pem (ENOENT)')
    const inline = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7'
    const error = (() => {
      try {
        toKafkaSecurity({ ssl: { key: inline } }, 'n', read)
      } catch (e) {
        return e as Error
      }
    })()
    expect(error?.message).toMatch(/^n: ssl\.key: cannot read the file \(ENOENT\)/)
    expect(error?.message).not.toContain('MIIE')
  })

  it('list the password and the private key (read from its file) as the secrets to keep out of logs', () => {
    const security = toKafkaSecurity({ ssl: { ca: '/certs/ca.pem', key: '/certs/client.key' }, sasl: { mechanism: 'plain', username: 'alice', password: 'hunter22' } }, 'n', read)
    expect(security.secrets).toEqual(['hunter22', PEM_KEY])
    expect(security.sasl?.username).toBe('alice')
    expect(toKafkaSecurity({}, 'n', read)).toEqual({ secrets: [] })
  })

  it('count certificate and TLS protocol failures as configuration problems, not lost connections', () => {
    expect(isTlsFailure({ code: 'SELF_SIGNED_CERT_IN_CHAIN' })).toBe(true)
    expect(isTlsFailure({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' })).toBe(true)
    expect(isTlsFailure({ code: 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE' })).toBe(true)
    expect(isTlsFailure({ code: 'ECONNRESET' })).toBe(false)
    expect(isTlsFailure(undefined)).toBe(false)
  })
})
