import { Type } from '@sinclair/typebox'
import { describe, expect, it } from 'vitest'
import { collectSecrets, createRedactor } from './redact.ts'

describe('redaction', () => {
  it('masks URL passwords, query tokens and bearer tokens in any text', () => {
    const redact = createRedactor()
    expect(redact('cannot reach postgres://u:secret@127.0.0.1:1/db: refused')).toBe('cannot reach postgres://u:***@127.0.0.1:1/db: refused')
    expect(redact('GET /?token=abcdefgh&x=1')).toBe('GET /?token=***&x=1')
    expect(redact('Authorization: Bearer abc.def')).toBe('Authorization: Bearer ***')
  })

  it('masks each secret value of the config wherever it appears, however it is quoted', () => {
    const redact = createRedactor(['change-me-please'])
    expect(redact('token change-me-please leaked, "change-me-please" again')).toBe('token *** leaked, "***" again')
  })

  it('finds secrets under secret-named keys, schema properties marked secret, and in URLs', () => {
    const schema = Type.Object({ dsn: Type.String({ secret: true }), nested: Type.Object({ apiKey: Type.String() }), url: Type.String(), port: Type.Integer() })
    const config = { dsn: 'dsn-value', nested: { apiKey: 'key-value' }, url: 'postgres://u:p%40ss@h/db', port: 1 }
    expect(collectSecrets(config, schema).sort()).toEqual(['dsn-value', 'key-value', 'p%40ss', 'p@ss'].sort())
    expect(collectSecrets({ http: { token: 'operator-token' }, dashboardToken: 'x-token-1' })).toEqual(['operator-token', 'x-token-1'])
  })

  it('finds secrets in the object member of a union (kafka `ssl: true | { key, … }`)', () => {
    const schema = Type.Object({ ssl: Type.Union([Type.Boolean(), Type.Object({ ca: Type.String(), key: Type.String({ secret: true }) })]) })
    expect(collectSecrets({ ssl: { ca: 'ca.pem', key: 'PRIVATE KEY TEXT' } }, schema)).toEqual(['PRIVATE KEY TEXT'])
    expect(collectSecrets({ ssl: true }, schema)).toEqual([])
  })

  it('does not mask short values outside URLs (they would garble every line)', () => {
    expect(createRedactor(['pw'])('pwd of postgres://u:pw@h')).toBe('pwd of postgres://u:***@h')
  })
})
