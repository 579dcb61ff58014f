/** @module Finds the alias that makes a YAML document unsafe to expand: one with no anchor, one inside the node it names, or the one where an alias bomb passes the budget. */
import { isAlias, isCollection, isPair, visit, type Alias, type Document, type Node, type Pair } from 'yaml'

export interface AliasProblem {
  alias: Alias
  /** The alias's ancestors, as `visit` gives them. */
  ancestors: readonly (Document | Node | Pair)[]
  message: string
}

/**
 * The first alias, in document order, that cannot be expanded safely. Counts as `yaml`'s
 * `toJS({ maxAliasCount })` does (each use of an anchor, times how far the anchored node's own
 * aliases expand), so a document it passes converts, and the alias it names is where yaml stops.
 */
export function aliasProblem(doc: Document, maxAliasCount: number): AliasProblem | undefined {
  const anchored = new Map<string, Node>()
  const targets = new Map<Alias, Node>()
  const uses = new Map<Node, { count: number; weight: number }>()
  const weight = (node: unknown): number => {
    if (isAlias(node)) {
      const use = uses.get(targets.get(node)!)
      return use ? use.count * use.weight : 0
    }
    if (isCollection(node)) return node.items.reduce<number>((max, item) => Math.max(max, weight(item)), 0)
    if (isPair(node)) return Math.max(weight(node.key), weight(node.value))
    return 1
  }
  let problem: AliasProblem | undefined
  visit(doc, {
    Node(_, node, ancestors) {
      if (!isAlias(node)) {
        if (node.anchor) anchored.set(node.anchor, node)
        return undefined
      }
      const name = node.source
      const target = anchored.get(name)
      if (!target) problem = { alias: node, ancestors, message: `alias \`*${name}\` refers to no anchor (define \`&${name}\` before it)` }
      else if (ancestors.includes(target)) problem = { alias: node, ancestors, message: `alias \`*${name}\` is inside the node \`&${name}\` it refers to, which would make the config infinitely deep (refer to a node outside it)` }
      else {
        targets.set(node, target)
        const use = uses.get(target) ?? { count: 1, weight: 0 }
        uses.set(target, use)
        use.count += 1
        if (use.weight === 0) use.weight = weight(target)
        if (use.count * use.weight > maxAliasCount) {
          problem = { alias: node, ancestors, message: `alias \`*${name}\` takes the config past ${maxAliasCount} aliased values (aliases inside aliased nodes multiply, as in an alias bomb; write the values out, or use fewer aliases)` }
        }
      }
      return problem ? visit.BREAK : undefined
    },
  })
  return problem
}
