/** @module A broker for security tests: SASL_SSL (mutual TLS) and SASL_PLAINTEXT listeners with PLAIN and SCRAM-SHA-512 users, besides PLAINTEXT. */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startKafkaBroker } from '../../services/kafka/broker.ts'
import { makeTestCertificates, type TestCertificates } from './test-certificates.ts'

export interface SecuredKafka {
  /** PLAINTEXT bootstrap address (no authentication): for checking what the secured clients wrote. */
  plaintext: string
  /** SASL over TLS; the broker wants a client certificate signed by `certificates.ca` too. */
  saslSsl: string
  saslPlaintext: string
  /** SASL_PLAINTEXT with SCRAM-SHA-512 only, whose sessions end after {@link REAUTH_MS}. */
  saslReauth: string
  certificates: TestCertificates
  /** A PLAIN user (the listeners' JAAS config) and a SCRAM-SHA-512 user (stored at format time); fresh passwords each start. */
  users: { plain: { username: string; password: string }; scram: { username: string; password: string } }
  stop(): Promise<void>
}

/** How long the broker keeps a SCRAM session on SASL_PLAINTEXT. */
export const REAUTH_MS = 3000

const PLAIN_LOGIN = 'org.apache.kafka.common.security.plain.PlainLoginModule'
const SCRAM_LOGIN = 'org.apache.kafka.common.security.scram.ScramLoginModule'

/** Starts the broker (about 10 s, like the default one); `stop()` removes it and its certificates. */
export async function startSecuredKafka(): Promise<SecuredKafka> {
  const dir = await mkdtemp(join(tmpdir(), 'tally-kafka-tls-'))
  const certificates = await makeTestCertificates(dir)
  const users = {
    plain: { username: 'paula', password: `plain-${randomBytes(12).toString('hex')}` },
    scram: { username: 'alice', password: `scram-${randomBytes(12).toString('hex')}` },
  }
  const properties: Record<string, string | number> = {
    'ssl.keystore.type': 'PEM',
    'ssl.keystore.location': certificates.brokerKeystore,
    'ssl.truststore.type': 'PEM',
    'ssl.truststore.location': certificates.ca,
    'listener.name.sasl_ssl.ssl.client.auth': 'required',
    'sasl.enabled.mechanisms': 'PLAIN,SCRAM-SHA-512',
    // A listener whose SCRAM sessions last REAUTH_MS (KIP-368): clients must authenticate again after.
    // Its own, because kafkajs cannot keep up with sessions this short (it re-authenticates 10 s ahead).
    'listener.name.sasl_reauth.sasl.enabled.mechanisms': 'SCRAM-SHA-512',
    'listener.name.sasl_reauth.scram-sha-512.sasl.jaas.config': `${SCRAM_LOGIN} required;`,
    'listener.name.sasl_reauth.connections.max.reauth.ms': REAUTH_MS,
  }
  for (const listener of ['sasl_ssl', 'sasl_plaintext']) {
    properties[`listener.name.${listener}.plain.sasl.jaas.config`] = `${PLAIN_LOGIN} required user_${users.plain.username}="${users.plain.password}";`
    properties[`listener.name.${listener}.scram-sha-512.sasl.jaas.config`] = `${SCRAM_LOGIN} required;`
  }
  const started = Date.now()
  try {
    const broker = await startKafkaBroker({
      dataDir: join(dir, 'data'),
      listeners: [
        { name: 'SASL_SSL', protocol: 'SASL_SSL' },
        { name: 'SASL_PLAINTEXT', protocol: 'SASL_PLAINTEXT' },
        { name: 'SASL_REAUTH', protocol: 'SASL_PLAINTEXT' },
      ],
      properties,
      scramUsers: [{ mechanism: 'SCRAM-SHA-512', ...users.scram }],
      log: (message) => process.stderr.write(`[kafka-secured] ${message}\n`),
    })
    process.stderr.write(`[kafka-secured] Kafka ${broker.version} ready in ${Date.now() - started} ms: ${JSON.stringify(broker.listeners)}\n`)
    return {
      plaintext: broker.url,
      saslSsl: broker.listeners.SASL_SSL!,
      saslPlaintext: broker.listeners.SASL_PLAINTEXT!,
      saslReauth: broker.listeners.SASL_REAUTH!,
      certificates,
      users,
      stop: async () => {
        await broker.stop()
        await rm(dir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true })
    throw error
  }
}
