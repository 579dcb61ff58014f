/** @module Orders nodes so every node comes after its inputs. */
import { parseStreamRef, type PipelineSpec } from './spec.ts'

/** Node ids in data order (sources first). Assumes the graph was checked for cycles when the config loaded. */
export function topologicalOrder(spec: PipelineSpec): string[] {
  const order: string[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const byId = new Map(spec.nodes.map((n) => [n.id, n]))
  const upstreams = (id: string) => (byId.get(id)?.inputs ?? []).map((input) => parseStreamRef(input.from).node)
  // Depth-first with an explicit stack: a chain of many thousand nodes listed sink first would overflow the call stack.
  for (const n of spec.nodes) {
    if (state.has(n.id)) continue
    state.set(n.id, 'visiting')
    const stack = [{ id: n.id, next: upstreams(n.id), i: 0 }]
    while (stack.length > 0) {
      const top = stack.at(-1)!
      if (top.i === top.next.length) {
        stack.pop()
        state.set(top.id, 'done')
        order.push(top.id)
        continue
      }
      const id = top.next[top.i++]!
      if (state.get(id) === 'done') continue
      if (state.get(id) === 'visiting') throw new Error(`cycle through node \`${id}\``)
      state.set(id, 'visiting')
      stack.push({ id, next: upstreams(id), i: 0 })
    }
  }
  return order
}
