/** @module Orders nodes so every node comes after its inputs. */
import { parseStreamRef, type PipelineSpec } from './spec.ts'

/** Node ids in data order (sources first). Assumes the graph was checked for cycles when the config loaded. */
export function topologicalOrder(spec: PipelineSpec): string[] {
  const order: string[] = []
  const seen = new Set<string>()
  const byId = new Map(spec.nodes.map((n) => [n.id, n]))
  const visit = (id: string, path: Set<string>) => {
    if (seen.has(id)) return
    if (path.has(id)) throw new Error(`cycle through node \`${id}\``)
    path.add(id)
    for (const input of byId.get(id)?.inputs ?? []) visit(parseStreamRef(input.from).node, path)
    path.delete(id)
    seen.add(id)
    order.push(id)
  }
  for (const n of spec.nodes) visit(n.id, new Set())
  return order
}
