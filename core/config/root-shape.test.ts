import { describe, expect, it } from 'vitest'
import { rootShapeProblem } from './root-shape.ts'

describe('the shape of a config\'s top level', () => {
  it('accepts a mapping, even an incomplete one', () => {
    expect(rootShapeProblem({})).toBeUndefined()
    expect(rootShapeProblem({ name: 'x' })).toBeUndefined()
  })

  it('calls nothing at all an empty config', () => {
    expect(rootShapeProblem(null)).toMatch(/^the config is empty: expected a mapping with `name` and `nodes`/)
    expect(rootShapeProblem(undefined)).toMatch(/^the config is empty/)
  })

  it('names a list and a single value for what they are', () => {
    expect(rootShapeProblem(['a', 'b'])).toMatch(/^the config is a list: expected a mapping/)
    expect(rootShapeProblem('hello')).toMatch(/^the config is a single value \(got "hello"\): expected a mapping/)
    expect(rootShapeProblem(42)).toMatch(/\(got 42\)/)
  })
})
