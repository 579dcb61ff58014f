import kafkajs from 'kafkajs'
import { describe, expect, it } from 'vitest'
import { isRetryable } from '../../core/plugin.ts'
import { createKafka, isTransientKafkaError, parseBrokers, toPluginError } from './client.ts'
import { KafkaAuthenticationError } from './connection-setup.ts'
import { KafkaTlsError } from './kafka-connection.ts'

describe('kafka client helpers', () => {
  it('parses a comma-separated broker list and rejects an empty one', () => {
    expect(parseBrokers(' 127.0.0.1:9092, 127.0.0.1:9093 ,')).toEqual(['127.0.0.1:9092', '127.0.0.1:9093'])
    expect(() => parseBrokers(' , ')).toThrow(/host:port/)
  })

  it('treats connection failures, timeouts and exhausted retries of them as transient', () => {
    const refused = new kafkajs.KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:1', { code: 'ECONNREFUSED' })
    expect(isTransientKafkaError(refused)).toBe(true)
    expect(isTransientKafkaError(new kafkajs.KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 5, retryTime: 1000 }))).toBe(true)
    expect(isTransientKafkaError(new kafkajs.KafkaJSRequestTimeoutError('Request Produce timed out'))).toBe(true)
    expect(isTransientKafkaError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true)
  })

  it('treats protocol errors the broker marks non-retriable as permanent', () => {
    const protocolError = { message: 'The request included a message larger than the max message size', type: 'MESSAGE_TOO_LARGE', code: 10, retriable: false }
    const tooLarge = new kafkajs.KafkaJSProtocolError(protocolError as unknown as Error)
    expect(isTransientKafkaError(tooLarge)).toBe(false)
    expect(isTransientKafkaError(new Error('boom'))).toBe(false)
  })

  it('wraps for the engine: RetryableError when transient, a plain error otherwise, both saying what failed', () => {
    const transient = toPluginError(new kafkajs.KafkaJSConnectionError('Connection error'), 'kafka-sink `out` could not write')
    expect(isRetryable(transient)).toBe(true)
    expect(transient.message).toMatch(/^kafka-sink `out` could not write: Connection error/)
    const permanent = toPluginError(new Error('bad'), 'kafka-sink `out` could not write')
    expect(isRetryable(permanent)).toBe(false)
    expect(permanent.cause).toBeInstanceOf(Error)
  })

  it('never retries wrong credentials or certificates, ours or kafkajs\', however they are wrapped', () => {
    const sasl = new SaslError('SASL PLAIN authentication failed: Authentication failed: Invalid username or password')
    expect(isTransientKafkaError(sasl)).toBe(false)
    expect(isTransientKafkaError(new kafkajs.KafkaJSNumberOfRetriesExceeded(sasl, { retryCount: 0, retryTime: 0 }))).toBe(false)
    // kafkajs reports a certificate it does not trust as a connection error (retriable, to kafkajs).
    const certificate = new kafkajs.KafkaJSConnectionError('Connection error: self-signed certificate in certificate chain', { code: 'SELF_SIGNED_CERT_IN_CHAIN' })
    expect(isTransientKafkaError(certificate)).toBe(false)
    const wrapped = toPluginError(new RetryableErrorLike(new KafkaAuthenticationError('SASL authentication failed at b:1 (PLAIN, user a): x: check sasl.username and sasl.password')), 'kafka-sink `out` could not write')
    expect(isRetryable(wrapped)).toBe(false)
    expect(isRetryable(toPluginError(new KafkaTlsError('TLS with b:1 failed: x: check ssl.ca'), 'w'))).toBe(false)
  })

  it('says what to check when kafkajs fails to authenticate or to trust the broker', () => {
    const sasl = new SaslError('SASL SCRAM SHA512 authentication failed: invalid credentials')
    expect(toPluginError(sasl, 'kafka-source `in` could not connect to b:1', { mechanism: 'scram-sha-512', username: 'alice' }).message).toBe(
      'kafka-source `in` could not connect to b:1: SASL SCRAM SHA512 authentication failed: invalid credentials (SCRAM-SHA-512, user alice): check sasl.username and sasl.password',
    )
    const certificate = new kafkajs.KafkaJSConnectionError('Connection error: unable to verify the first certificate', { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' })
    expect(toPluginError(certificate, 'w').message).toBe('w: TLS failed: Connection error: unable to verify the first certificate: check ssl.ca, ssl.cert/key and ssl.servername')
  })

  it('masks the node\'s secrets in the kafkajs log lines it routes', async () => {
    const lines: string[] = []
    const log = { info: () => undefined, warn: (m: string) => void lines.push(m), error: (m: string) => void lines.push(m) }
    // kafkajs logs the broker address it cannot reach: here it holds the "secret".
    const kafka = await createKafka({ brokers: ['hunter22-secret.invalid:1'], clientId: 't', log, retries: 0, connectionTimeoutMs: 500, security: { secrets: ['hunter22-secret'] } })
    const admin = kafka.admin()
    await admin.connect().catch(() => undefined)
    expect(lines.length).toBeGreaterThan(0)
    expect(lines.join('\n')).toContain('***.invalid')
    expect(lines.join('\n')).not.toContain('hunter22-secret')
  })
})

// kafkajs' typings give this error no constructor arguments; it takes a message like the others.
const SaslError = kafkajs.KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error

/** An error the engine would retry, wrapping another. */
class RetryableErrorLike extends Error {
  readonly retryable = true
  constructor(cause: Error) {
    super(`retry: ${cause.message}`, { cause })
  }
}
