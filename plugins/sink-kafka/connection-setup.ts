/** @module What a new broker connection does before its first request: ApiVersions, then SASL (PLAIN or SCRAM) when configured. */
import { ScramError, startScram, type ScramMechanism } from './scram.ts'
import { decodeApiVersionsResponse, decodeSaslAuthenticateResponse, decodeSaslHandshakeResponse, describeRange, encodeSaslAuthenticateRequest, encodeSaslHandshakeRequest, pickVersion, SETUP_API, type ApiRanges } from './sasl-wire.ts'

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512'

export interface SaslCredentials {
  mechanism: SaslMechanism
  username: string
  password: string
}

/** Wrong credentials, or a mechanism the broker does not enable: retrying cannot help. */
export class KafkaAuthenticationError extends Error {
  override name = 'KafkaAuthenticationError'
  readonly retryable = false
}

/** The broker does not serve the protocol versions this client speaks (too old, or too new for them). */
export class KafkaVersionError extends Error {
  override name = 'KafkaVersionError'
  readonly retryable = false
}

/** Sends one request on the connection being set up; `flexible` for a request header v2. */
export type Exchange = (apiKey: number, version: number, body: Buffer, flexible?: boolean) => Promise<Buffer>

export interface Session {
  ranges: ApiRanges
  /** When the broker wants this connection to authenticate again (ms since the epoch); undefined: never. */
  reauthenticateAt?: number
}

/** ApiVersions v0 (served by every broker since 0.10, before authentication), then SASL. */
export async function setUpConnection(exchange: Exchange, address: string, sasl: SaslCredentials | undefined): Promise<Session> {
  const { errorCode, ranges } = decodeApiVersionsResponse(await exchange(SETUP_API.apiVersions, 0, Buffer.alloc(0)))
  if (errorCode !== 0) throw new KafkaVersionError(`broker ${address} answered ApiVersions v0 with error code ${errorCode}: it is too old or not a Kafka broker`)
  if (!sasl) return { ranges }
  for (const [apiKey, version] of [[SETUP_API.saslHandshake, 1], [SETUP_API.saslAuthenticate, 2]] as const) {
    if (pickVersion(ranges, apiKey, [version]) === undefined) throw new KafkaVersionError(`broker ${address} serves ${describeRange(ranges, apiKey)}; SASL here needs v${version} (Kafka 2.5 or later)`)
  }
  const lifetimeMs = await authenticate(exchange, address, sasl)
  // Re-authenticate (reconnect) a little before the broker would close the connection (KIP-368).
  return lifetimeMs > 0 ? { ranges, reauthenticateAt: Date.now() + lifetimeMs * 0.85 } : { ranges }
}

/** Runs the mechanism; resolves with the session lifetime the broker grants (0: unlimited). */
async function authenticate(exchange: Exchange, address: string, sasl: SaslCredentials): Promise<number> {
  const mechanism = sasl.mechanism.toUpperCase()
  const fail = (reason: string) => new KafkaAuthenticationError(`SASL authentication failed at ${address} (${mechanism}, user ${sasl.username}): ${reason}: check sasl.username and sasl.password`)
  const handshake = decodeSaslHandshakeResponse(await exchange(SETUP_API.saslHandshake, 1, encodeSaslHandshakeRequest(mechanism)))
  if (handshake.errorCode === 33) {
    throw new KafkaAuthenticationError(`broker ${address} does not enable SASL mechanism ${mechanism} (it enables ${handshake.mechanisms.join(', ') || 'none'}): check sasl.mechanism`)
  }
  if (handshake.errorCode !== 0) throw new KafkaAuthenticationError(`broker ${address} refused the SASL handshake (error code ${handshake.errorCode}): is this a SASL listener (SASL_SSL or SASL_PLAINTEXT)?`)
  const round = async (bytes: Buffer) => {
    const answer = decodeSaslAuthenticateResponse(await exchange(SETUP_API.saslAuthenticate, 2, encodeSaslAuthenticateRequest(bytes), true))
    if (answer.errorCode !== 0) throw fail(answer.errorMessage ?? `error code ${answer.errorCode}`)
    return answer
  }
  if (sasl.mechanism === 'plain') return (await round(Buffer.from(`\u0000${sasl.username}\u0000${sasl.password}`))).sessionLifetimeMs
  const scram = startScram(mechanism as ScramMechanism, sasl.username, sasl.password)
  const first = await round(scram.clientFirst)
  try {
    const last = await round(await scram.clientFinal(first.authBytes))
    scram.verifyServerFinal(last.authBytes)
    return last.sessionLifetimeMs
  } catch (error) {
    if (error instanceof ScramError) throw Object.assign(fail(error.message), { cause: error })
    throw error
  }
}
