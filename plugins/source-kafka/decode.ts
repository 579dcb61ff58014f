/** @module Turns raw Kafka messages into events: JSON objects, optionally validated; anything else becomes a dead-letter record. */
import type { TSchema } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import type { Event } from '../../core/plugin.ts'
import { segmentStart } from './offsets.ts'

export interface RawMessage {
  offset: string
  key: Buffer | null
  value: Buffer | null
  timestamp?: string
}

/** Returns why a value is invalid, or undefined when it is fine. */
export type Validator = (value: unknown) => string | undefined

/** What goes to the `dead` port: enough to find, replay or fix the message. */
export interface DeadMessage extends Event {
  reason: string
  topic: string
  partition: number
  offset: string
  value: string | null
}

export interface Decoded {
  events: Event[]
  dead: DeadMessage[]
}

/** A validator from a TypeBox schema, naming the first problem by JSON pointer (`/address/postcode: Expected string`). */
export function createValidator(schema: TSchema, name: string): Validator {
  const compiled = TypeCompiler.Compile(schema)
  return (value) => {
    if (compiled.Check(value)) return undefined
    const first = compiled.Errors(value).First()
    return `does not match schema \`${name}\`${first ? `: ${first.path || '/'} ${first.message}` : ''}`
  }
}

/** How `decodeMessages` decodes. */
export interface DecodeOptions {
  validate?: Validator
  /** Each event carries `_kafka: { topic, partition, offset, key, timestamp }` (sinks producing exact shapes drop it). */
  metadata?: boolean
  /**
   * With `metadata` and > 1: `_kafka.segment` (the first offset of the message's segment) and
   * `_kafka.part` (`<topic>/<partition>/<segment>`, one string per segment: a single, cheap key for counting per part).
   */
  segmentSize?: number
  /** Decodes a value's bytes (default: the whole JSON text); throws on malformed JSON as JSON.parse does. */
  parse?: (bytes: Buffer) => unknown
}

const parseWhole = (bytes: Buffer): unknown => JSON.parse(bytes.toString('utf8'))

/** Decodes one partition's messages: JSON objects become events, anything else a dead letter. */
export function decodeMessages(messages: readonly RawMessage[], topic: string, partition: number, options: DecodeOptions = {}): Decoded {
  const { validate, metadata = false, segmentSize = 1, parse = parseWhole } = options
  const events: Event[] = []
  const dead: DeadMessage[] = []
  let segment = ''
  let part = ''
  for (const message of messages) {
    let event: unknown
    let problem: string | undefined
    if (message.value === null) problem = 'empty value (tombstone)'
    else {
      try {
        event = parse(message.value)
      } catch (error) {
        problem = `malformed JSON: ${error instanceof Error ? error.message : String(error)}`
      }
      if (problem === undefined && (typeof event !== 'object' || event === null || Array.isArray(event))) problem = 'not a JSON object'
      if (problem === undefined && validate) problem = validate(event)
    }
    if (problem !== undefined) {
      dead.push({ reason: problem, topic, partition, offset: message.offset, value: message.value === null ? null : message.value.toString('utf8') })
      continue
    }
    const decoded = event as Event
    if (metadata) {
      const meta: Record<string, unknown> = { topic, partition, offset: message.offset, key: message.key?.toString('utf8') ?? null, timestamp: message.timestamp ?? null }
      if (segmentSize > 1) {
        const start = segmentStart(message.offset, segmentSize)
        if (start !== segment) {
          segment = start
          part = `${topic}/${partition}/${start}`
        }
        meta.segment = start
        meta.part = part
      }
      decoded._kafka = meta
    }
    events.push(decoded)
  }
  return { events, dead }
}
