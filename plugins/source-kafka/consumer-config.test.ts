import { describe, expect, it } from 'vitest'
import { consumerConfig } from './consumer-config.ts'

describe('consumerConfig', () => {
  const options = { groupId: 'g', sessionTimeoutMs: 30_000, maxWaitMs: 200, fetchMinBytes: 65_536, maxBytesPerPartition: 1_048_576 }

  it('heartbeats ten times per session, at least once a second, and gives a rebalance at least a minute', () => {
    expect(consumerConfig(options)).toMatchObject({ groupId: 'g', sessionTimeout: 30_000, heartbeatInterval: 1000, rebalanceTimeout: 60_000, allowAutoTopicCreation: false })
    expect(consumerConfig({ ...options, sessionTimeoutMs: 1000 }).heartbeatInterval).toBe(100)
    expect(consumerConfig({ ...options, sessionTimeoutMs: 6000 }).heartbeatInterval).toBe(600)
    expect(consumerConfig({ ...options, sessionTimeoutMs: 90_000 }).rebalanceTimeout).toBe(90_000)
  })

  it('never lets kafkajs restart a failed client itself (the engine retries read(), which starts a new one)', async () => {
    const restart = consumerConfig(options).retry?.restartOnFailure
    expect(await restart!(new Error('no group coordinator'))).toBe(false)
  })
})
