import { describe, expect, it } from 'vitest'
import { isRetryable, RetryableError } from '../../core/plugin.ts'
import { createCoordinatorWait, isCoordinatorNotReady, pause } from './coordinator-wait.ts'

/** What kafkajs reports when a JoinGroup meets a coordinator still loading (KafkaJSProtocolError). */
const loading = Object.assign(new Error("The coordinator is loading and hence can't process requests for this group"), { name: 'KafkaJSProtocolError', type: 'GROUP_LOAD_IN_PROGRESS', code: 14, retriable: true })
const crash = (error: unknown) => new RetryableError('kafka-source `in` (group g): the Kafka consumer stopped', { cause: error })
const policy = { maxAttempts: 4, initialDelayMs: 100, maxDelayMs: 250 }

describe('riding out a group coordinator that is not ready', () => {
  it('recognises coordinator loading, not available and moved, however deeply wrapped', () => {
    expect(isCoordinatorNotReady(crash(loading))).toBe(true)
    expect(isCoordinatorNotReady({ originalError: { code: 15 } })).toBe(true)
    expect(isCoordinatorNotReady(crash({ code: 16 }))).toBe(true)
    expect(isCoordinatorNotReady(crash(Object.assign(new Error('no coordinator'), { name: 'KafkaJSGroupCoordinatorNotFound' })))).toBe(true)
    expect(isCoordinatorNotReady(crash({ code: 'ECONNREFUSED' }))).toBe(false)
    expect(isCoordinatorNotReady(crash({ code: 25, type: 'UNKNOWN_MEMBER_ID' }))).toBe(false)
  })

  it('waits with the node\'s backoff until the policy\'s attempts are spent, then fails for good', () => {
    const wait = createCoordinatorWait(policy, 'kafka-source `in`')
    expect([wait.next(crash(loading)), wait.next(crash(loading)), wait.next(crash(loading))]).toEqual([100, 200, 250])
    expect(wait.next(crash(loading))).toBeUndefined()
    const failure = wait.failure(crash(loading)) as Error
    expect(isRetryable(failure)).toBe(false)
    expect(failure.message).toMatch(/^kafka-source `in`: the group coordinator was still not ready after 4 attempts over 0.6 s \(.*\); raise the node's retry.maxAttempts/)
  })

  it('starts counting afresh once the group is joined, and leaves other failures to the caller', () => {
    const wait = createCoordinatorWait(policy, 'kafka-source `in`')
    for (let i = 0; i < 3; i++) wait.next(crash(loading))
    wait.joined()
    expect(wait.next(crash(loading))).toBe(100)
    const down = crash({ code: 'ECONNREFUSED' })
    expect(wait.next(down)).toBeUndefined()
    expect(wait.failure(down)).toBe(down)
  })

  it('pauses in real time and ends the pause when aborted', async () => {
    const controller = new AbortController()
    const started = performance.now()
    const paused = pause(10_000, controller.signal)
    controller.abort()
    await paused
    expect(performance.now() - started).toBeLessThan(1000)
  })
})
