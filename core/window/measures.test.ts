import { describe, expect, it } from 'vitest'
import { compileMeasures } from './measures.ts'

const measures = compileMeasures(['count', { sum: 'v' }, { min: 'v' }, { max: 'v', as: 'top' }, { avg: 'v' }, { distinctCount: 'who.id', as: 'people' }])

function fold(events: Record<string, unknown>[]) {
  const acc = measures.create()
  for (const e of events) acc.count++, measures.update(acc, e)
  return acc
}

function output(acc: ReturnType<typeof fold>) {
  const out: Record<string, unknown> = {}
  measures.write(out, acc)
  return out
}

describe('compileMeasures', () => {
  it('computes every measure, numeric strings included, skipping values that are not numbers', () => {
    const acc = fold([{ v: 3, who: { id: 'a' } }, { v: '-2', who: { id: 'b' } }, { v: null, who: { id: 'a' } }, { v: 'x' }, { v: 10, who: { id: 1 } }])
    expect(output(acc)).toEqual({ count: 5, sum_v: 11, min_v: -2, top: 10, avg_v: 11 / 3, people: 3 })
  })
  it('gives 0 for an empty sum and null for min, max and avg without values', () => {
    expect(output(fold([{}, { v: Infinity }]))).toEqual({ count: 2, sum_v: 0, min_v: null, top: null, avg_v: null, people: 0 })
  })
  it('merges as if the events had been folded together', () => {
    const a = [{ v: 5, who: { id: 'a' } }, { v: 1 }]
    const b = [{ v: -4, who: { id: 'a' } }, { v: 9, who: { id: 'c' } }]
    const merged = fold(a)
    measures.merge(merged, fold(b))
    expect(output(merged)).toEqual(output(fold([...a, ...b])))
    const empty = fold([])
    measures.merge(empty, fold(b))
    expect(output(empty)).toEqual(output(fold(b)))
  })
})
