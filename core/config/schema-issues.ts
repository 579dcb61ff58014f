/** @module TypeBox validation errors turned into config problems people can act on. */
import type { TSchema } from '@sinclair/typebox'
import { Value, ValueErrorType, type ValueError } from '@sinclair/typebox/value'
import { didYouMean } from './did-you-mean.ts'

export interface SchemaIssue {
  path: (string | number)[]
  message: string
  /** Point at the key (unknown or missing option) or at the value. */
  part: 'key' | 'value'
}

/** Every schema violation of `value`, one per path, with paths prefixed by `at`. */
export function schemaIssues(schema: TSchema, value: unknown, at: (string | number)[], options: { skip?(path: (string | number)[]): boolean } = {}): SchemaIssue[] {
  // Check is a plain recursion; Errors yields through a generator per value, about twice as slow on the (usual) valid config.
  if (Value.Check(schema, value)) return []
  const issues: SchemaIssue[] = []
  const seen = new Set<string>()
  for (const error of Value.Errors(schema, value)) {
    const rel = error.path.split('/').slice(1).map(unescape).map((s) => (/^\d+$/.test(s) ? Number(s) : s))
    const path = [...at, ...rel]
    if (options.skip?.(path)) continue
    // One issue per path: none under a path already reported (checking each prefix costs the depth, not the issues so far).
    if (path.some((_, i) => seen.has(path.slice(0, i + 1).join('.')))) continue
    seen.add(path.join('.'))
    issues.push(describe(error, path))
  }
  return issues
}

function describe(error: ValueError, path: (string | number)[]): SchemaIssue {
  const name = String(path.at(-1))
  if (error.type === ValueErrorType.ObjectAdditionalProperties) {
    const parent = schemaAt(error)
    const known = Object.keys(parent?.properties ?? {})
    return { path, part: 'key', message: `unknown key \`${name}\`${didYouMean(name, known)}${known.length ? ` (allowed: ${known.join(', ')})` : ''}` }
  }
  if (error.type === ValueErrorType.ObjectRequiredProperty) {
    const description = typeof error.schema.description === 'string' ? `: ${error.schema.description}` : ''
    return { path: path.slice(0, -1), part: 'key', message: `missing required key \`${name}\`${description}` }
  }
  const got = holdsSecret(error.schema) ? ` (got ${kindOf(error.value)}; not shown: a secret)` : ` (got ${show(error.value)})`
  if (error.type === ValueErrorType.Union) {
    const literals = (error.schema.anyOf as TSchema[] | undefined)?.filter((s) => 'const' in s).map((s) => JSON.stringify(s.const))
    if (literals && literals.length === (error.schema.anyOf as TSchema[]).length) return { path, part: 'value', message: `must be one of ${literals.join(', ')}${got}` }
    return { path, part: 'value', message: `has the wrong shape${got}` }
  }
  return { path, part: 'value', message: `${error.message.replace(/^Expected/, 'expected')}${got}` }
}

/** The object schema that holds an unexpected property (TypeBox reports the object schema itself). */
function schemaAt(error: ValueError): { properties?: Record<string, unknown> } | undefined {
  return error.schema as { properties?: Record<string, unknown> }
}

/** True when the schema is, or has inside, a property marked `secret: true` (its value must not appear in a problem). */
function holdsSecret(schema: TSchema): boolean {
  if (schema.secret === true) return true
  const inner = [...Object.values((schema.properties ?? {}) as Record<string, TSchema>), ...((schema.anyOf ?? []) as TSchema[]), ...(schema.items ? [schema.items as TSchema] : [])]
  return inner.some(holdsSecret)
}

function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing'
  const text = JSON.stringify(value)
  return text.length > 40 ? `${text.slice(0, 37)}...` : text
}

function unescape(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~')
}
