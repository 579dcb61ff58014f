import { execFileSync } from 'node:child_process'
import { Type } from '@sinclair/typebox'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { definePlugin, isRetryable, RetryableError } from './plugin.ts'

const schema = Type.Object({ fields: Type.Array(Type.String()), limit: Type.Integer({ default: 10 }), label: Type.Optional(Type.String()) }, { additionalProperties: false })

describe('the plugin contract', () => {
  it('infers the config type inside create from the schema', () => {
    const plugin = definePlugin({
      name: 'typed',
      kind: 'transform',
      description: 'Checks config inference.',
      config: schema,
      create(_ctx, config) {
        expectTypeOf(config.fields).toEqualTypeOf<string[]>()
        expectTypeOf(config.limit).toEqualTypeOf<number>()
        expectTypeOf(config.label).toEqualTypeOf<string | undefined>()
        // @ts-expect-error a misspelt option is a compile error
        void config.feilds
        return { process: (events, _input, emit) => emit(events.slice(0, config.limit)) }
      },
    })
    expect(plugin.kind).toBe('transform')
  })

  it('requires the instance shape of the declared kind', () => {
    definePlugin({
      name: 'wrong',
      kind: 'sink',
      description: 'A sink must have write().',
      config: schema,
      // @ts-expect-error a sink without write() does not type-check
      create: () => ({ process: () => undefined }),
    })
  })

  it('marks retryable errors', () => {
    expect(isRetryable(new RetryableError('again'))).toBe(true)
    expect(isRetryable(Object.assign(new Error('x'), { retryable: true }))).toBe(true)
    expect(isRetryable(new Error('fatal'))).toBe(false)
  })

  it('the whole project type-checks (so the type assertions above hold)', () => {
    const root = new URL('../', import.meta.url).pathname
    execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '--noEmit', '-p', root], { cwd: root, stdio: 'pipe' })
  }, 180_000)
})
