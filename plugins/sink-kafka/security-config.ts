/** @module The `ssl` and `sasl` options kafka-sink and kafka-source share: schema, and what they mean for the clients (secrets included, to keep out of logs). */
import { Type, type Static } from '@sinclair/typebox'
import type { ConnectionOptions } from 'node:tls'
import type { SaslCredentials } from './connection-setup.ts'
import { toTlsOptions } from './tls-options.ts'

// Marks a value given but never shown: config errors hide it, `pipeline run`'s log redaction masks it.
const secret = { secret: true } as const

const ssl = Type.Union(
  [
    Type.Boolean(),
    Type.Object(
      {
        ca: Type.Optional(Type.String({ minLength: 1, description: 'CA certificate(s) to trust instead of the runtime\'s: a PEM file path or PEM text. For a private CA.' })),
        cert: Type.Optional(Type.String({ minLength: 1, description: 'Client certificate for mutual TLS: a PEM file path or PEM text (with `key`).' })),
        key: Type.Optional(Type.String({ minLength: 1, ...secret, description: 'Secret. Client private key for mutual TLS (unencrypted PEM): a file path or PEM text, e.g. `${KAFKA_CLIENT_KEY}`. Never logged.' })),
        rejectUnauthorized: Type.Optional(Type.Boolean({ description: 'Check the broker\'s certificate against the trusted CAs and its name (default true). false only for tests: it lets anyone in the middle read the traffic.' })),
        servername: Type.Optional(Type.String({ minLength: 1, description: 'Name the broker\'s certificate must carry (and SNI), when it differs from the host in `brokers`.' })),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'TLS to every broker (the SSL and SASL_SSL listeners): `true` trusts the runtime\'s CAs; an object sets them. Applies to every connection of this node. Absent: plain TCP.' },
)

const sasl = Type.Object(
  {
    mechanism: Type.Union([Type.Literal('plain'), Type.Literal('scram-sha-256'), Type.Literal('scram-sha-512')], { description: 'SASL mechanism the listener enables. `plain` sends the password as it is: use it with `ssl` only.' }),
    username: Type.String({ minLength: 1, description: 'SASL user name (shown in errors).' }),
    password: Type.String({ minLength: 1, ...secret, description: 'Secret. SASL password: give it as `${KAFKA_PASSWORD}`, not in the file. Never logged or shown in errors.' }),
  },
  { additionalProperties: false, description: 'SASL authentication (the SASL_SSL and SASL_PLAINTEXT listeners) on every connection of this node.' },
)

/** The options both Kafka plugins take, spread into their config schemas. */
export const securityOptions = { ssl: Type.Optional(ssl), sasl: Type.Optional(sasl) }

export interface SecurityConfig {
  ssl?: Static<typeof ssl>
  sasl?: Static<typeof sasl>
}

/** What every client of a node connects with, files read. */
export interface KafkaSecurity {
  tls?: ConnectionOptions
  sasl?: SaslCredentials
  /** Strings never to show: the password, the private key. */
  secrets: string[]
}

/** Reads the files `ssl` names; a file it cannot read fails with `where` (the node) in front. */
export function toKafkaSecurity(config: SecurityConfig, where: string, read?: (path: string) => string): KafkaSecurity {
  let tls: ConnectionOptions | undefined
  try {
    tls = toTlsOptions(config.ssl, read)
  } catch (error) {
    throw new Error(`${where}: ${(error as Error).message}`, { cause: error })
  }
  const secrets = [config.sasl?.password, typeof tls?.key === 'string' ? tls.key : undefined].filter((s): s is string => s !== undefined && s.length > 0)
  return { ...(tls ? { tls } : {}), ...(config.sasl ? { sasl: config.sasl } : {}), secrets }
}
