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
    heartbeatInterval: Math.max(100, Math.floor(options.sessionTimeoutMs / 10)),
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
