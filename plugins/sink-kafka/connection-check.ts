/** @module Checks a node's TLS and SASL settings against a bootstrap broker before kafkajs connects, so a wrong certificate or password fails at once, naming broker and user. */
import { isTransientKafkaError } from './client.ts'
import { KafkaConnection } from './kafka-connection.ts'
import type { KafkaSecurity } from './security-config.ts'

/**
 * Opens one connection (TLS handshake, ApiVersions, SASL) to the first bootstrap broker that
 * answers, and closes it. kafkajs would retry a certificate failure like a lost connection
 * (about 10 s) and names no broker in an authentication failure. Unreachable brokers: the last
 * connection error, which is transient.
 */
export async function checkConnection(brokers: readonly string[], clientId: string, security: KafkaSecurity, timeoutMs = 3000): Promise<void> {
  let lastError: unknown
  for (const broker of brokers) {
    const at = broker.lastIndexOf(':')
    const connection = new KafkaConnection({ host: broker.slice(0, at), port: Number(broker.slice(at + 1)), clientId, connectTimeoutMs: timeoutMs, requestTimeoutMs: 10_000, tls: security.tls, sasl: security.sasl })
    try {
      return await connection.connect()
    } catch (error) {
      if (!isTransientKafkaError(error)) throw error
      lastError = error
    } finally {
      connection.close()
    }
  }
  throw lastError
}
