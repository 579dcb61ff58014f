import { describe, expect, it } from 'vitest'
import { KafkaAuthenticationError, KafkaVersionError, setUpConnection, type Exchange } from './connection-setup.ts'
import { decodeApiVersionsResponse, decodeSaslAuthenticateResponse, describeRange, encodeSaslAuthenticateRequest, pickVersion, SETUP_API } from './sasl-wire.ts'

const int16 = (n: number) => Buffer.from([(n >> 8) & 0xff, n & 0xff])
const str = (s: string) => Buffer.concat([int16(Buffer.byteLength(s)), Buffer.from(s)])
const array = (items: Buffer[]) => Buffer.concat([Buffer.from([0, 0, 0, items.length]), ...items])

/** ApiVersions v0 answer: error code, then [key, min, max]. */
const apiVersions = (ranges: [number, number, number][], errorCode = 0) => Buffer.concat([int16(errorCode), array(ranges.map(([k, a, b]) => Buffer.concat([int16(k), int16(a), int16(b)])))])
const handshake = (errorCode: number, mechanisms: string[]) => Buffer.concat([int16(errorCode), array(mechanisms.map(str))])
/** SaslAuthenticate v2 answer, after the correlation id: header tagged fields, error, message, bytes, lifetime, tagged fields. */
function authenticate(errorCode: number, message: string | null, bytes = Buffer.alloc(0), lifetimeMs = 0n): Buffer {
  const compact = (b: Buffer | null) => (b === null ? Buffer.from([0]) : Buffer.concat([Buffer.from([b.length + 1]), b]))
  const lifetime = Buffer.alloc(8)
  lifetime.writeBigInt64BE(lifetimeMs)
  return Buffer.concat([Buffer.from([0]), int16(errorCode), compact(message === null ? null : Buffer.from(message)), compact(bytes), lifetime, Buffer.from([0])])
}

const modern: [number, number, number][] = [[0, 3, 11], [3, 0, 12], [17, 0, 1], [18, 0, 4], [22, 0, 5], [36, 0, 2]]

/** A broker of our own making: answers each request with the next body; records what was asked. */
function scripted(answers: Buffer[]): { exchange: Exchange; asked: { apiKey: number; version: number; body: Buffer; flexible: boolean }[] } {
  const asked: { apiKey: number; version: number; body: Buffer; flexible: boolean }[] = []
  return { asked, exchange: async (apiKey, version, body, flexible = false) => (asked.push({ apiKey, version, body, flexible }), answers.shift()!) }
}

describe('protocol versions', () => {
  it('decodes ApiVersions and picks the highest version both sides speak', () => {
    const { ranges } = decodeApiVersionsResponse(apiVersions(modern))
    expect(pickVersion(ranges, 0, [3, 8, 9, 12])).toBe(9)
    expect(pickVersion(ranges, 3, [1])).toBe(1)
    expect(pickVersion(ranges, 0, [2])).toBeUndefined()
    expect(pickVersion(ranges, 99, [0])).toBeUndefined()
    expect(describeRange(ranges, 0)).toBe('Produce v3–v11')
    expect(describeRange(ranges, 32)).toBe('no API 32')
  })

  it('encodes SaslAuthenticate v2 bytes compactly and reads its flexible answer', () => {
    expect([...encodeSaslAuthenticateRequest(Buffer.from('ab'))]).toEqual([3, 97, 98, 0])
    expect(decodeSaslAuthenticateResponse(authenticate(58, 'nope', Buffer.from('x'), 3_600_000n))).toEqual({ errorCode: 58, errorMessage: 'nope', authBytes: Buffer.from('x'), sessionLifetimeMs: 3_600_000 })
  })
})

describe('connection set-up', () => {
  it('asks for versions only, without SASL', async () => {
    const broker = scripted([apiVersions(modern)])
    const session = await setUpConnection(broker.exchange, 'b:1', undefined)
    expect(broker.asked.map((a) => [a.apiKey, a.version])).toEqual([[18, 0]])
    expect(session.ranges.get(0)).toEqual({ min: 3, max: 11 })
  })

  it('authenticates with PLAIN: handshake v1, then the credentials in one flexible SaslAuthenticate v2', async () => {
    const broker = scripted([apiVersions(modern), handshake(0, ['PLAIN']), authenticate(0, null, Buffer.alloc(0), 1000n)])
    const session = await setUpConnection(broker.exchange, 'b:1', { mechanism: 'plain', username: 'u', password: 'p' })
    expect(broker.asked.map((a) => [a.apiKey, a.version, a.flexible])).toEqual([[18, 0, false], [SETUP_API.saslHandshake, 1, false], [SETUP_API.saslAuthenticate, 2, true]])
    expect(broker.asked[1]!.body).toEqual(str('PLAIN'))
    expect(broker.asked[2]!.body).toEqual(encodeSaslAuthenticateRequest(Buffer.from('\u0000u\u0000p')))
    expect(session.reauthenticateAt).toBeGreaterThan(Date.now())
  })

  it('fails a wrong password naming broker, mechanism and user, never the password, and not as retryable', async () => {
    const broker = scripted([apiVersions(modern), handshake(0, ['PLAIN']), authenticate(58, 'Authentication failed: Invalid username or password')])
    const error = await setUpConnection(broker.exchange, '10.0.0.1:9094', { mechanism: 'plain', username: 'alice', password: 'hunter22' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(KafkaAuthenticationError)
    expect((error as KafkaAuthenticationError).retryable).toBe(false)
    expect((error as Error).message).toBe('SASL authentication failed at 10.0.0.1:9094 (PLAIN, user alice): Authentication failed: Invalid username or password: check sasl.username and sasl.password')
    expect((error as Error).message).not.toContain('hunter22')
  })

  it('says which mechanisms the broker enables when it refuses ours', async () => {
    const broker = scripted([apiVersions(modern), handshake(33, ['PLAIN', 'SCRAM-SHA-512'])])
    await expect(setUpConnection(broker.exchange, 'b:1', { mechanism: 'scram-sha-256', username: 'u', password: 'p' })).rejects.toThrow('broker b:1 does not enable SASL mechanism SCRAM-SHA-256 (it enables PLAIN, SCRAM-SHA-512): check sasl.mechanism')
  })

  it('refuses a broker too old for SASL v1 handshakes, and one that refuses ApiVersions', async () => {
    const old: [number, number, number][] = [[0, 0, 2], [17, 0, 0], [18, 0, 0]]
    await expect(setUpConnection(scripted([apiVersions(old)]).exchange, 'b:1', { mechanism: 'plain', username: 'u', password: 'p' })).rejects.toThrow(KafkaVersionError)
    await expect(setUpConnection(scripted([apiVersions(old)]).exchange, 'b:1', { mechanism: 'plain', username: 'u', password: 'p' })).rejects.toThrow('serves SaslHandshake v0–v0; SASL here needs v1')
    await expect(setUpConnection(scripted([apiVersions([], 35)]).exchange, 'b:1', undefined)).rejects.toThrow(/ApiVersions v0 with error code 35/)
  })

  it('runs SCRAM in two rounds and refuses a server that cannot prove it knows the password', async () => {
    let nonce = ''
    const exchange: Exchange = async (apiKey, _version, body) => {
      if (apiKey === 18) return apiVersions(modern)
      if (apiKey === 17) return handshake(0, ['SCRAM-SHA-512'])
      const sent = body.subarray(1, body.length - 1).toString()
      if (sent.startsWith('n,,')) {
        nonce = sent.split(',r=')[1]!
        return authenticate(0, null, Buffer.from(`r=${nonce}server,s=${Buffer.from('salt').toString('base64')},i=4096`))
      }
      return authenticate(0, null, Buffer.from(`v=${Buffer.alloc(64).toString('base64')}`))
    }
    const error = await setUpConnection(exchange, 'b:1', { mechanism: 'scram-sha-512', username: 'alice', password: 'pw' }).catch((e: unknown) => e)
    expect(nonce.length).toBeGreaterThan(20)
    expect(error).toBeInstanceOf(KafkaAuthenticationError)
    expect((error as Error).message).toMatch(/^SASL authentication failed at b:1 \(SCRAM-SHA-512, user alice\): the server signature does not match/)
  })
})
