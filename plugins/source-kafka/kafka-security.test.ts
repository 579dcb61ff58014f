import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isRetryable, type Logger } from '../../core/plugin.ts'
import { memoryCollection } from '../../core/testing/memory-sink.ts'
import { runPipeline } from '../../index.ts'
import { REAUTH_MS, startSecuredKafka, type SecuredKafka } from '../../test/services/secured-kafka.ts'
import sinkPlugin from '../sink-kafka/index.ts'
import { createKafka, toPluginError } from '../sink-kafka/client.ts'
import { createProducer } from '../sink-kafka/producer.ts'
import { produceRaw, readTopic, uniqueName } from '../sink-kafka/raw-topic.ts'
import { toKafkaSecurity } from '../sink-kafka/security-config.ts'
import { vote } from './fixtures.ts'
import sourcePlugin from './index.ts'

// A broker of its own (SASL_SSL with mutual TLS, SASL_PLAINTEXT, PLAINTEXT), started for this file only.
let kafka: SecuredKafka
beforeAll(async () => void (kafka = await startSecuredKafka()))
afterAll(async () => kafka?.stop())

/** Every line any node logged, with the messages of the errors logged with it (and their causes). */
function capture(): { log: Logger; lines: string[] } {
  const lines: string[] = []
  const add = (message: string, error?: unknown) => lines.push([message, ...causes(error)].join(' | '))
  return { lines, log: { info: (m) => add(m), warn: add, error: add, debug: (m) => add(m) } }
}

function causes(error: unknown): string[] {
  const out: string[] = []
  for (let e = error; e instanceof Error && out.length < 10; e = e.cause) out.push(`${e.name}: ${e.message}`, e.stack ?? '')
  return out
}

/** Client TLS for the SASL_SSL listener: CA and certificate by path, the key as PEM text (as `${KAFKA_CLIENT_KEY}` would give it). */
const clientTls = () => ({ ca: kafka.certificates.ca, cert: kafka.certificates.clientCert, key: readFileSync(kafka.certificates.clientKey, 'utf8') })
const secrets = () => [kafka.users.plain.password, kafka.users.scram.password, clientTls().key, 'wrong-password-1234']
const expectNoSecret = (texts: string[]) => {
  for (const text of texts) for (const secret of secrets()) expect(text).not.toContain(secret)
}

const registry = [sinkPlugin, sourcePlugin]
const listeners = { SASL_SSL: () => ({ brokers: kafka.saslSsl, ssl: clientTls() }), SASL_PLAINTEXT: () => ({ brokers: kafka.saslPlaintext }) }
const mechanisms = { plain: () => ({ mechanism: 'plain', ...kafka.users.plain }), 'scram-sha-512': () => ({ mechanism: 'scram-sha-512', ...kafka.users.scram }) }

describe('kafka-sink and kafka-source with TLS and SASL', () => {
  for (const [listener, connection] of Object.entries(listeners)) {
    for (const [mechanism, sasl] of Object.entries(mechanisms)) {
      it(`write and read through ${listener} with ${mechanism}, logging no secret`, async () => {
        const topic = uniqueName('secured')
        const received = uniqueName('received')
        const events = Array.from({ length: 300 }, (_, i) => ({ ...vote, voter_id: `sec-${i}` }))
        const { log, lines } = capture()
        const security = { ...connection(), sasl: sasl() }
        const produced = await runPipeline(
          { name: 'secure-out', nodes: { votes: { use: 'memory-source', with: { events, batchSize: 100 } }, out: { use: 'kafka-sink', from: 'votes', with: { ...security, topics: { votes: topic }, key: 'voter_id', dedupe: 'key' } } } },
          { registry, log },
        )
        expect(produced.error).toBeUndefined()
        const consumed = await runPipeline(
          { name: 'secure-in', nodes: { in: { use: 'kafka-source', with: { ...security, topics: [topic], groupId: uniqueName('g'), validate: 'vote', maxMessages: 300 } }, db: { use: 'memory-sink', from: 'in', with: { collection: received } } } },
          { registry, log },
        )
        expect(consumed.error).toBeUndefined()
        expect(memoryCollection(received).events.map((e) => e.voter_id).sort()).toEqual(events.map((e) => e.voter_id).sort())
        expect(await readTopic(kafka.plaintext, topic, 300)).toHaveLength(300)
        expectNoSecret(lines)
      })
    }
  }

  it('fails a sink with a wrong SCRAM password at once, naming broker, mechanism and user, without retries or secrets', async () => {
    const { log, lines } = capture()
    const started = Date.now()
    const result = await runPipeline(
      { name: 'bad-password', nodes: { votes: { use: 'memory-source', with: { events: [vote] } }, out: { use: 'kafka-sink', from: 'votes', with: { brokers: kafka.saslPlaintext, sasl: { mechanism: 'scram-sha-512', username: 'alice', password: 'wrong-password-1234' } } } } },
      { registry, log },
    )
    expect(Date.now() - started).toBeLessThan(10_000)
    const message = result.error?.message ?? ''
    expect(message).toContain(`kafka-sink \`out\` could not connect to ${kafka.saslPlaintext}: SASL authentication failed at ${kafka.saslPlaintext} (SCRAM-SHA-512, user alice)`)
    expect(message).toMatch(/check sasl\.username and sasl\.password$/)
    expect(lines.filter((l) => /retrying/.test(l))).toEqual([])
    expectNoSecret([...lines, ...causes(result.error)])
  })

  it('fails a source with a wrong PLAIN password at once, naming broker and user, without retries or secrets', async () => {
    const { log, lines } = capture()
    const started = Date.now()
    const wrong = { brokers: kafka.saslSsl, ssl: clientTls(), sasl: { mechanism: 'plain', username: 'paula', password: 'wrong-password-1234' } }
    const result = await runPipeline({ name: 'bad-plain', nodes: { in: { use: 'kafka-source', with: { ...wrong, topics: [uniqueName('t')] } }, db: { use: 'memory-sink', from: 'in' } } }, { registry, log })
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(result.error?.message).toMatch(new RegExp(`SASL authentication failed at ${kafka.saslSsl} \\(PLAIN, user paula\\): .*check sasl\\.username and sasl\\.password$`))
    expect(lines.filter((l) => /retrying/.test(l))).toEqual([])
    expectNoSecret([...lines, ...causes(result.error)])
  })

  it('does not retry kafkajs\' own authentication failure (admin and consumers behind the first check)', async () => {
    const { log, lines } = capture()
    const sasl = { mechanism: 'scram-sha-512' as const, username: 'alice', password: 'wrong-password-1234' }
    const client = await createKafka({ brokers: [kafka.saslPlaintext], clientId: 't', log, security: toKafkaSecurity({ sasl }, 'n') })
    const error = await client.admin().connect().then(() => undefined, (e: unknown) => e)
    expect((error as Error).name).toBe('KafkaJSSASLAuthenticationError')
    const wrapped = toPluginError(error, 'kafka-source `in` could not connect', sasl)
    expect(isRetryable(wrapped)).toBe(false)
    expect(wrapped.message).toMatch(/\(SCRAM-SHA-512, user alice\): check sasl\.username and sasl\.password$/)
    expectNoSecret([...lines, ...causes(wrapped)])
  })

  it('fails at once when the broker\'s certificate is not trusted (no ssl.ca) or no client certificate is given', async () => {
    const sasl = { mechanism: 'plain', ...kafka.users.plain }
    for (const [ssl, reason] of [[{ cert: kafka.certificates.clientCert, key: kafka.certificates.clientKey }, /self-signed certificate in certificate chain/], [{ ca: kafka.certificates.ca }, /bad certificate|certificate required/]] as const) {
      for (const node of [{ use: 'kafka-sink', from: 'votes' }, { use: 'kafka-source', from: undefined }]) {
        const { log, lines } = capture()
        const started = Date.now()
        const nodes: Record<string, { use: string; from?: string; with?: Record<string, unknown> }> = node.use === 'kafka-sink'
          ? { votes: { use: 'memory-source', with: { events: [vote] } }, out: { use: 'kafka-sink', from: 'votes', with: { brokers: kafka.saslSsl, ssl, sasl } } }
          : { in: { use: 'kafka-source', with: { brokers: kafka.saslSsl, ssl, sasl, topics: [uniqueName('t')] } }, db: { use: 'memory-sink', from: 'in' } }
        const result = await runPipeline({ name: 'bad-tls', nodes }, { registry, log })
        expect(Date.now() - started).toBeLessThan(10_000)
        expect(result.error?.message).toMatch(reason)
        expect(result.error?.message).toContain(`TLS with ${kafka.saslSsl} failed`)
        expect(lines.filter((l) => /retrying/.test(l))).toEqual([])
        expectNoSecret([...lines, ...causes(result.error)])
      }
    }
  })

  it('speaks TLS and SCRAM on Bun and Deno too (the producer is ours; kafkajs is the same everywhere)', async () => {
    const root = new URL('../../', import.meta.url).pathname
    const fixture = new URL('../sink-kafka/fixtures/secured-produce.ts', import.meta.url).pathname
    const runtimes = { bun: [`${root}node_modules/.bin/bun`, fixture], deno: [`${root}node_modules/.bin/deno`, 'run', '-A', fixture] }
    for (const [runtime, [command, ...args]] of Object.entries(runtimes)) {
      const topic = uniqueName(`secured-${runtime}`)
      await produceRaw(kafka.plaintext, topic, [], 1)
      const { ca, clientCert, clientKey } = kafka.certificates
      // Secrets through the environment, as in production: never on a command line.
      const env = { ...process.env, BROKER: kafka.saslSsl, TOPIC: topic, TLS_CA: ca, TLS_CERT: clientCert, TLS_KEY: clientKey, SASL_MECHANISM: 'scram-sha-512', SASL_USERNAME: kafka.users.scram.username, SASL_PASSWORD: kafka.users.scram.password }
      const output = await new Promise<string>((resolve, reject) => execFile(command!, args, { cwd: root, env, encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => (error ? reject(new Error(`${runtime}: ${stderr}`, { cause: error })) : resolve(stdout))))
      expect(output.trim(), runtime).toBe('written')
      expect(await readTopic(kafka.plaintext, topic, 10), runtime).toHaveLength(10)
    }
  })

  it('authenticates again when the broker limits sessions, so a write after the session ended goes through', async () => {
    const topic = uniqueName('reauth')
    await produceRaw(kafka.plaintext, topic, [], 1)
    const producer = createProducer({ brokers: [kafka.saslReauth], clientId: 'reauth', security: { sasl: { mechanism: 'scram-sha-512', ...kafka.users.scram } } })
    try {
      await producer.send(topic, [{ key: null, value: '{"n":1}' }])
      // The session's end is the broker's clock: only waiting past it shows what happens then.
      await new Promise((resolve) => setTimeout(resolve, REAUTH_MS + 500))
      await producer.send(topic, [{ key: null, value: '{"n":2}' }])
    } finally {
      producer.close()
    }
    expect(await readTopic(kafka.plaintext, topic, 2)).toHaveLength(2)
  })
})
