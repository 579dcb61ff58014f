/** @module The kafkajs consumer settings a kafka-source's options mean. */
import type { ConsumerConfig } from 'kafkajs'

export interface GroupOptions {
  groupId: string
  sessionTimeoutMs: number
  maxWaitMs: number
  fetchMinBytes: number
  maxBytesPerPartition: number
}

export function consumerConfig(options: GroupOptions): ConsumerConfig {
  return {
    groupId: options.groupId,
    sessionTimeout: options.sessionTimeoutMs,
    rebalanceTimeout: Math.max(60_000, options.sessionTimeoutMs),
    // At least ten heartbeats per session, and at least one a second: a member notices a rebalance
    // (another member joining, such as a second worker thread) at its next heartbeat, so a
    // 3 s interval kept everyone waiting up to 3 s (1M votes in 2 workers: 12.4 → 11.4 s).
    heartbeatInterval: Math.max(100, Math.min(1000, Math.floor(options.sessionTimeoutMs / 10))),
    maxWaitTimeInMs: options.maxWaitMs,
    minBytes: options.fetchMinBytes,
    maxBytesPerPartition: options.maxBytesPerPartition,
    allowAutoTopicCreation: false,
    // A client that fails is never restarted by kafkajs itself (it would, for some failures, after
    // a delay of its own): the failure comes to read(), and the engine retries that with the node's
    // backoff policy, which starts a new client. One way back, counted and bounded like every other retry.
    retry: { retries: 5, restartOnFailure: async () => false },
  }
}
