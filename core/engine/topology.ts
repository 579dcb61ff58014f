/** @module Orders nodes so every node comes after its inputs, or finds the cycle that prevents it. */
import { parseStreamRef, type NodeSpec, type PipelineSpec } from './spec.ts'

/**
 * Node ids in data order (sources first), or a cycle as ids in data order with its first id
 * repeated at the end. Inputs naming unknown nodes are ignored (config validation reports them).
 * Depth-first with an explicit stack: a chain of many thousand nodes listed sink first would
 * overflow the call stack.
 */
export function dataOrder(nodes: readonly Pick<NodeSpec, 'id' | 'inputs'>[]): { order: string[] } | { cycle: string[] } {
  const order: string[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const upstreams = (id: string) => (byId.get(id)?.inputs ?? []).map((input) => parseStreamRef(input.from).node).filter((n) => byId.has(n))
  for (const n of nodes) {
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
      if (state.get(id) === 'visiting') {
        const path = stack.map((f) => f.id)
        return { cycle: [...path.slice(path.indexOf(id)), id].reverse() }
      }
      state.set(id, 'visiting')
      stack.push({ id, next: upstreams(id), i: 0 })
    }
  }
  return { order }
}

/** Node ids in data order (sources first). Assumes the graph was checked for cycles when the config loaded. */
export function topologicalOrder(spec: PipelineSpec): string[] {
  const found = dataOrder(spec.nodes)
  if ('cycle' in found) throw new Error(`cycle through node \`${found.cycle[0]}\``)
  return found.order
}
