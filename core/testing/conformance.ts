/** @module Conformance suites: what every source, transform and sink must do, run against each plugin of that kind. */
import type { TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { describe, expect, it } from 'vitest'
import type { Event, PluginDefinition, SinkInstance, SourceInstance, TransformInstance } from '../plugin.ts'
import { createTestContext } from './test-context.ts'

export interface ConformanceOptions {
  /** Events fed to transforms and sinks (default: a few small objects). */
  events?: Event[]
  /** Input role used when feeding (default: the plugin's first role or `in`). */
  role?: string
  /** Skip the lifecycle tests that need external services (say why in the suite name instead). */
  lifecycle?: boolean
}

function configOf(plugin: PluginDefinition, config: Record<string, unknown>): unknown {
  return Value.Default(plugin.config as TSchema, structuredClone(config))
}

function describeDefinition(plugin: PluginDefinition, config: Record<string, unknown>): void {
  it('has a kebab-case name, a description and a strict schema', () => {
    expect(plugin.name).toMatch(/^[a-z][a-z0-9-]*$/)
    expect(plugin.description.length).toBeGreaterThan(10)
    expect(plugin.config.additionalProperties).toBe(false)
  })
  it('accepts the given config and rejects unknown keys', () => {
    const value = configOf(plugin, config)
    expect([...Value.Errors(plugin.config, value)].map((e) => `${e.path} ${e.message}`)).toEqual([])
    expect(Value.Check(plugin.config, { ...(value as object), surelyNotAnOption: 1 })).toBe(false)
  })
  it('documents every option', () => {
    for (const [key, prop] of Object.entries((plugin.config.properties ?? {}) as Record<string, TSchema>)) expect(prop.description, `option ${key}`).toBeTruthy()
  })
  it('creates an instance without I/O, and stop() before start() is safe and idempotent', async () => {
    const ctx = createTestContext({ nodeId: plugin.name })
    const instance = plugin.create(ctx, configOf(plugin, config) as never)
    expect(typeof instance).toBe('object')
    if (instance.stop) {
      await instance.stop()
      await instance.stop()
    }
  })
}

export function testSourceConformance(plugin: PluginDefinition, config: Record<string, unknown>, options: ConformanceOptions = {}): void {
  describe(`source conformance: ${plugin.name}`, () => {
    it('is a source', () => expect(plugin.kind).toBe('source'))
    describeDefinition(plugin, config)
    if (options.lifecycle === false) return
    it('yields batches of plain events and stops when its signal aborts', async () => {
      const ctx = createTestContext({ nodeId: plugin.name })
      const source = plugin.create(ctx, configOf(plugin, config) as never) as SourceInstance
      await source.start?.()
      const controller = new AbortController()
      let batches = 0
      for await (const batch of source.read(undefined, controller.signal)) {
        expect(Array.isArray(batch.events)).toBe(true)
        for (const e of batch.events) expect(JSON.parse(JSON.stringify(e))).toEqual(e)
        if (++batches === 2) controller.abort()
        if (batches > 2) break
      }
      expect(batches).toBeLessThanOrEqual(2)
      await source.stop?.()
      await source.stop?.()
    })
  })
}

export function testTransformConformance(plugin: PluginDefinition, config: Record<string, unknown>, options: ConformanceOptions = {}): void {
  describe(`transform conformance: ${plugin.name}`, () => {
    it('is a transform', () => expect(plugin.kind).toBe('transform'))
    describeDefinition(plugin, config)
    if (options.lifecycle === false) return
    it('handles batches, ticks and flush, emitting arrays of plain events', async () => {
      const ctx = createTestContext({ nodeId: plugin.name })
      const transform = plugin.create(ctx, configOf(plugin, config) as never) as TransformInstance
      await transform.start?.()
      const out: Event[] = []
      const emit = (events: Event[]) => void out.push(...events)
      const role = options.role ?? Object.keys(plugin.inputs ?? {})[0] ?? 'in'
      await transform.process([], { role, from: 'upstream' }, emit)
      await transform.process(options.events ?? [{ id: 1 }, { id: 2 }], { role, from: 'upstream' }, emit)
      await transform.tick?.(ctx.clock.now(), emit)
      await transform.flush?.(emit)
      for (const e of out) expect(JSON.parse(JSON.stringify(e))).toEqual(e)
      if (transform.snapshot) expect(JSON.parse(JSON.stringify(transform.snapshot() ?? null))).toEqual(transform.snapshot() ?? null)
      await transform.stop?.()
      await transform.stop?.()
    })
  })
}

export function testSinkConformance(plugin: PluginDefinition, config: Record<string, unknown>, options: ConformanceOptions = {}): void {
  describe(`sink conformance: ${plugin.name}`, () => {
    it('is a sink', () => expect(plugin.kind).toBe('sink'))
    describeDefinition(plugin, config)
    if (options.lifecycle === false) return
    it('starts, writes (an empty batch too), and stops idempotently', async () => {
      const ctx = createTestContext({ nodeId: plugin.name })
      const sink = plugin.create(ctx, configOf(plugin, config) as never) as SinkInstance
      await sink.start?.()
      const role = options.role ?? Object.keys(plugin.inputs ?? {})[0] ?? 'in'
      const emit = () => undefined
      await sink.write([], { role, from: 'upstream' }, emit)
      await sink.write(options.events ?? [{ id: 1 }, { id: 2 }], { role, from: 'upstream' }, emit)
      const first = sink.stop?.()
      await first
      await sink.stop?.()
    })
  })
}
