import kafkajs from 'kafkajs'
import { describe, expect, it } from 'vitest'
import { isRetryable } from '../../core/plugin.ts'
import { isTransientKafkaError, parseBrokers, toPluginError } from './client.ts'

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
})
