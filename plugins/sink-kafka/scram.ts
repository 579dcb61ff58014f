/** @module The client side of SCRAM-SHA-256/512 (RFC 5802, RFC 7677), as Kafka's SASL/SCRAM speaks it: no channel binding. */
import { createHash, createHmac, pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto'

export type ScramMechanism = 'SCRAM-SHA-256' | 'SCRAM-SHA-512'

/** The server broke the exchange (wrong nonce, signature, too few iterations) or refused it (`e=`). */
export class ScramError extends Error {
  override name = 'ScramError'
}

/** One authentication: send `clientFirst`, answer the server's first message, then check its last. */
export interface ScramExchange {
  readonly clientFirst: Buffer
  clientFinal(serverFirst: Buffer): Promise<Buffer>
  /** Throws unless the server proved it knows the credentials too (mutual authentication). */
  verifyServerFinal(serverFinal: Buffer): void
}

/** Kafka (like RFC 7677) wants at least 4096 iterations: fewer would mean a server weakening the exchange. */
const MIN_ITERATIONS = 4096

export function startScram(mechanism: ScramMechanism, username: string, password: string, nonce = randomBytes(24).toString('base64')): ScramExchange {
  const hash = mechanism === 'SCRAM-SHA-256' ? 'sha256' : 'sha512'
  const clientFirstBare = `n=${escapeName(username)},r=${nonce}`
  let expectedServerSignature: Buffer | undefined

  return {
    clientFirst: Buffer.from(`n,,${clientFirstBare}`),

    async clientFinal(serverFirstBytes) {
      const serverFirst = serverFirstBytes.toString('utf8')
      const attributes = parseAttributes(serverFirst)
      const serverNonce = attributes.get('r')
      const salt = attributes.get('s')
      const iterations = Number(attributes.get('i'))
      if (attributes.has('e')) throw new ScramError(`the server refused: ${attributes.get('e')}`)
      if (!serverNonce?.startsWith(nonce) || serverNonce.length === nonce.length) throw new ScramError('the server nonce does not extend the client nonce')
      if (salt === undefined || !Number.isInteger(iterations)) throw new ScramError('the server sent no salt or iteration count')
      if (iterations < MIN_ITERATIONS) throw new ScramError(`the server asked for ${iterations} iterations, fewer than ${MIN_ITERATIONS}`)
      const withoutProof = `c=biws,r=${serverNonce}`
      const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`
      const salted = await saltedPassword(hash, password, Buffer.from(salt, 'base64'), iterations)
      const clientKey = hmac(hash, salted, 'Client Key')
      const clientSignature = hmac(hash, createHash(hash).update(clientKey).digest(), authMessage)
      const proof = Buffer.alloc(clientKey.length)
      for (let i = 0; i < proof.length; i++) proof[i] = clientKey[i]! ^ clientSignature[i]!
      expectedServerSignature = hmac(hash, hmac(hash, salted, 'Server Key'), authMessage)
      return Buffer.from(`${withoutProof},p=${proof.toString('base64')}`)
    },

    verifyServerFinal(serverFinalBytes) {
      const attributes = parseAttributes(serverFinalBytes.toString('utf8'))
      if (attributes.has('e')) throw new ScramError(`the server refused: ${attributes.get('e')}`)
      const signature = Buffer.from(attributes.get('v') ?? '', 'base64')
      if (!expectedServerSignature) throw new ScramError('the server finished before the client proof')
      if (signature.length !== expectedServerSignature.length || !timingSafeEqual(signature, expectedServerSignature)) throw new ScramError('the server signature does not match: it does not know these credentials')
    },
  }
}

/** `saslname` of RFC 5802: `=` and `,` escaped. */
function escapeName(username: string): string {
  return username.replaceAll('=', '=3D').replaceAll(',', '=2C')
}

/** `k=v,k=v` (values may contain `=`) → map. */
function parseAttributes(message: string): Map<string, string> {
  const attributes = new Map<string, string>()
  for (const part of message.split(',')) {
    const at = part.indexOf('=')
    if (at > 0) attributes.set(part.slice(0, at), part.slice(at + 1))
  }
  return attributes
}

function hmac(hash: string, key: Buffer, data: string): Buffer {
  return createHmac(hash, key).update(data).digest()
}

/** Hi() of RFC 5802 is PBKDF2 with HMAC-H and one hash length of output. */
function saltedPassword(hash: string, password: string, salt: Buffer, iterations: number): Promise<Buffer> {
  const length = hash === 'sha256' ? 32 : 64
  return new Promise((resolve, reject) => pbkdf2(password, salt, iterations, length, hash, (error, key) => (error ? reject(error) : resolve(key))))
}
