/** @module What is wrong with a config whose top level is not a mapping (empty, a list, a single value), in words people can act on. */

const expected = 'expected a mapping with `name` and `nodes`'

/** A message for a top level that is not a mapping, or undefined when it is one. */
export function rootShapeProblem(value: unknown): string | undefined {
  if (value === null || value === undefined) return `the config is empty: ${expected} (start with \`name: <pipeline name>\`, then \`nodes:\`)`
  if (Array.isArray(value)) return `the config is a list: ${expected} (top-level keys are written \`key: value\`, without a leading \`- \`)`
  if (typeof value !== 'object') return `the config is a single value (got ${show(value)}): ${expected} (top-level keys are written \`key: value\`)`
  return undefined
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 40 ? `${text.slice(0, 37)}...` : text
}
