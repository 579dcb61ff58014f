/** @module Where kafkajs is set up (admin and consumer; the sink produces through producer.ts): connection, log routing, topic creation, error classification. */
import type { Admin, Kafka, LogEntry } from 'kafkajs'
import { isRetryable, RetryableError, type Logger } from '../../core/plugin.ts'
import { registerKafkajsCodecs } from './kafkajs-codecs.ts'
import { createRedactor, type Redact } from '../../core/operator/redact.ts'
import type { KafkaSecurity } from './security-config.ts'
import { isTlsFailure } from './tls-options.ts'

export interface KafkaClientOptions {
  /** Bootstrap brokers as `host:port` strings. */
  brokers: string[]
  clientId: string
  log: Logger
  connectionTimeoutMs?: number
  requestTimeoutMs?: number
  /** Attempts kafkajs makes itself before an operation fails (the engine retries after that). */
  retries?: number
  /** TLS and SASL for every connection; its secrets are kept out of the routed logs. */
  security?: KafkaSecurity
}

/**
 * A client whose logs go to the node's logger at warn level and above (kafkajs is chatty at info).
 * kafkajs is loaded here, on first use, so pipelines without a Kafka node never load it (start-up time).
 */
export async function createKafka(options: KafkaClientOptions): Promise<Kafka> {
  const kafkajs = await import('kafkajs')
  const { Kafka, logLevel } = kafkajs
  // Snappy, LZ4 and zstd beside kafkajs' own gzip: consumers read batches in every codec.
  registerKafkajsCodecs(kafkajs)
  const { tls, sasl, secrets = [] } = options.security ?? {}
  const redact = createRedactor(secrets)
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ...(tls ? { ssl: tls } : {}),
    ...(sasl ? { sasl: { mechanism: sasl.mechanism, username: sasl.username, password: sasl.password } as never } : {}),
    connectionTimeout: options.connectionTimeoutMs ?? 3000,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    retry: { retries: options.retries ?? 5 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry) => routeLog(options.log, entry, redact),
  })
}

function routeLog(log: Logger, entry: LogEntry, redact: Redact): void {
  const { message, error } = entry.log as { message: string; error?: unknown }
  const text = `kafkajs ${entry.namespace}: ${message}${error ? ` (${String(error)})` : ''}`
  log.warn(redact(text))
}

/** `a:1, b:2` → `['a:1', 'b:2']`; the form `${KAFKA_BROKERS}` substitutes into. */
export function parseBrokers(list: string): string[] {
  const brokers = list.split(',').map((b) => b.trim()).filter((b) => b.length > 0)
  if (brokers.length === 0) throw new Error(`no Kafka brokers in "${list}" (give host:port, comma-separated, e.g. 127.0.0.1:9092)`)
  return brokers
}

/** Creates the topics that do not exist yet and waits for their leaders. Existing topics are left as they are. */
export async function ensureTopics(admin: Admin, topics: string[], partitions: number, replicationFactor: number): Promise<void> {
  const existing = new Set(await admin.listTopics())
  const missing = topics.filter((t) => !existing.has(t))
  if (missing.length === 0) return
  await admin.createTopics({ waitForLeaders: true, topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor })) })
}

/** Error names kafkajs uses for failures that may go away on their own (broker down, leader moving, timeouts). */
const transientNames = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSBrokerNotFound',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTopicMetadataNotLoaded',
  'KafkaJSTimeout',
  'KafkaJSLockTimeout',
  'KafkaJSGroupCoordinatorNotFound',
])
const transientCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND'])

/** Wrong credentials or a refused mechanism: ours (KafkaAuthenticationError) or kafkajs'. */
const authenticationNames = new Set(['KafkaAuthenticationError', 'KafkaJSSASLAuthenticationError'])

/** The errors in `error`'s cause chain, outermost first. */
function causeChain(error: unknown): object[] {
  const chain: object[] = []
  for (let e = error; typeof e === 'object' && e !== null && chain.length < 10; e = (e as { cause?: unknown }).cause) chain.push(e)
  return chain
}

/** True when `error` (or a cause) is an authentication failure: wrong user or password, or a mechanism the broker does not enable. */
export function isAuthenticationFailure(error: unknown): boolean {
  return causeChain(error).some((e) => authenticationNames.has(String((e as { name?: unknown }).name)) || (e as { type?: unknown }).type === 'SASL_AUTHENTICATION_FAILED')
}

/** A configuration problem retries cannot fix: credentials, certificates, protocol versions. */
function isConfigurationFailure(error: unknown): boolean {
  return isAuthenticationFailure(error) || causeChain(error).some((e) => isTlsFailure(e) || (e as { name?: unknown }).name === 'KafkaVersionError')
}

/** True when `error` or anything in its cause chain is a transient Kafka or network failure, and it is no configuration problem. */
export function isTransientKafkaError(error: unknown): boolean {
  if (isConfigurationFailure(error)) return false
  for (const e of causeChain(error)) {
    const { name, code, retriable } = e as { name?: unknown; code?: unknown; retriable?: unknown }
    // `retryable`: ours (RetryableError, KafkaProtocolError); `retriable`: kafkajs' word for the same.
    if (retriable === true || isRetryable(e)) return true
    if (typeof name === 'string' && transientNames.has(name)) return true
    if (typeof code === 'string' && transientCodes.has(code)) return true
  }
  return false
}

/**
 * Wraps a client failure for the engine: transient ones become `RetryableError` (the engine
 * retries), others a plain error. Authentication and TLS failures say what to check (kafkajs'
 * do not), and are never retried.
 */
export function toPluginError(error: unknown, what: string, sasl?: { mechanism: string; username: string }): Error {
  const reason = error instanceof Error ? error.message : String(error)
  if (isAuthenticationFailure(error)) {
    const hint = /check sasl/.test(reason) ? '' : `${sasl ? ` (${sasl.mechanism.toUpperCase()}, user ${sasl.username})` : ''}: check sasl.username and sasl.password`
    return new Error(`${what}: ${reason}${hint}`, { cause: error })
  }
  if (causeChain(error).some(isTlsFailure) && !/check ssl/.test(reason)) return new Error(`${what}: TLS failed: ${reason}: check ssl.ca, ssl.cert/key and ssl.servername`, { cause: error })
  if (!isConfigurationFailure(error) && (isRetryable(error) || isTransientKafkaError(error))) return new RetryableError(`${what}: ${reason} (Kafka unreachable or busy; will be retried)`, { cause: error })
  return new Error(`${what}: ${reason}`, { cause: error })
}
