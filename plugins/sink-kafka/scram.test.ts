import { createHash, createHmac, pbkdf2Sync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ScramError, startScram } from './scram.ts'

// RFC 7677 section 3: user "user", password "pencil".
const rfc7677 = {
  clientNonce: 'rOprNGfwEbeRWgbNEkqO',
  clientFirst: 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO',
  serverFirst: 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
  clientFinal: 'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
  serverFinal: 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
}

/** What a server holding `password` would answer to `clientFinal` (RFC 5802's ServerSignature), for SHA-512. */
function serverFinal512(password: string, clientFirstBare: string, serverFirst: string, clientFinal: string): string {
  const salted = pbkdf2Sync(password, Buffer.from('salt-of-alice'), 4096, 64, 'sha512')
  const authMessage = `${clientFirstBare},${serverFirst},${clientFinal.slice(0, clientFinal.indexOf(',p='))}`
  const serverKey = createHmac('sha512', salted).update('Server Key').digest()
  return `v=${createHmac('sha512', serverKey).update(authMessage).digest('base64')}`
}

describe('SCRAM client', () => {
  it('produces the messages of the RFC 7677 SCRAM-SHA-256 example and accepts its server signature', async () => {
    const scram = startScram('SCRAM-SHA-256', 'user', 'pencil', rfc7677.clientNonce)
    expect(scram.clientFirst.toString()).toBe(rfc7677.clientFirst)
    expect((await scram.clientFinal(Buffer.from(rfc7677.serverFirst))).toString()).toBe(rfc7677.clientFinal)
    expect(() => scram.verifyServerFinal(Buffer.from(rfc7677.serverFinal))).not.toThrow()
  })

  it('refuses a server signature made with another password', async () => {
    const scram = startScram('SCRAM-SHA-256', 'user', 'pencil', rfc7677.clientNonce)
    await scram.clientFinal(Buffer.from(rfc7677.serverFirst))
    expect(() => scram.verifyServerFinal(Buffer.from('v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='))).toThrow(ScramError)
    expect(() => scram.verifyServerFinal(Buffer.from('e=invalid-proof'))).toThrow(/refused: invalid-proof/)
  })

  it('speaks SCRAM-SHA-512 with a 64-byte proof that a server holding the password verifies', async () => {
    const scram = startScram('SCRAM-SHA-512', 'alice', 'wonder-land', 'abc')
    const serverFirst = `r=abcdef,s=${Buffer.from('salt-of-alice').toString('base64')},i=4096`
    const clientFinal = (await scram.clientFinal(Buffer.from(serverFirst))).toString()
    const proof = Buffer.from(clientFinal.split(',p=')[1]!, 'base64')
    expect(proof).toHaveLength(64)
    // The server's check: H(proof XOR ClientSignature) equals the StoredKey it keeps.
    const salted = pbkdf2Sync('wonder-land', Buffer.from('salt-of-alice'), 4096, 64, 'sha512')
    const storedKey = createHash('sha512').update(createHmac('sha512', salted).update('Client Key').digest()).digest()
    const authMessage = `n=alice,r=abc,${serverFirst},c=biws,r=abcdef`
    const signature = createHmac('sha512', storedKey).update(authMessage).digest()
    const clientKey = proof.map((byte, i) => byte ^ signature[i]!)
    expect(createHash('sha512').update(clientKey).digest()).toEqual(storedKey)
    expect(() => scram.verifyServerFinal(Buffer.from(serverFinal512('wonder-land', 'n=alice,r=abc', serverFirst, clientFinal)))).not.toThrow()
  })

  it('escapes , and = in user names', () => {
    expect(startScram('SCRAM-SHA-512', 'a=b,c', 'x', 'n').clientFirst.toString()).toBe('n,,n=a=3Db=2Cc,r=n')
  })

  it('refuses a server nonce that does not extend its own, and too few iterations', async () => {
    const salt = Buffer.from('s').toString('base64')
    await expect(startScram('SCRAM-SHA-256', 'u', 'p', 'abc').clientFinal(Buffer.from(`r=xyz,s=${salt},i=4096`))).rejects.toThrow(/nonce/)
    await expect(startScram('SCRAM-SHA-256', 'u', 'p', 'abc').clientFinal(Buffer.from(`r=abcd,s=${salt},i=1000`))).rejects.toThrow(/1000 iterations/)
  })
})
