/** @module A plugin's options described from its schema: for `pipeline plugins <name>` and the README's config reference. */
import type { TSchema } from '@sinclair/typebox'
import type { PluginDefinition } from '../plugin.ts'

export interface OptionDoc {
  path: string
  type: string
  required: boolean
  default?: unknown
  description: string
}

/** Every option, nested objects flattened to dotted paths. */
export function describeOptions(schema: TSchema, prefix = ''): OptionDoc[] {
  const properties = (schema.properties ?? {}) as Record<string, TSchema>
  const required = new Set((schema.required ?? []) as string[])
  const docs: OptionDoc[] = []
  for (const [key, prop] of Object.entries(properties)) {
    const path = prefix + key
    docs.push({ path, type: typeName(prop), required: required.has(key) && prop.default === undefined, default: prop.default, description: String(prop.description ?? '') })
    // An object, or a union with one object member (`ssl: true | { ca, … }`): its keys too. Unions of several shapes say them in their description.
    const objects = prop.type === 'object' && prop.properties ? [prop] : ((prop.anyOf ?? []) as TSchema[]).filter((member) => member.type === 'object' && member.properties)
    if (objects.length === 1) docs.push(...describeOptions(objects[0]!, `${path}.`))
  }
  return docs
}

export function typeName(schema: TSchema): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const)
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as TSchema[]).map(typeName).join(' | ')
  if (schema.type === 'array') return `${typeName(schema.items as TSchema)}[]`
  if (Array.isArray(schema.enum)) return schema.enum.map((v: unknown) => JSON.stringify(v)).join(' | ')
  return String(schema.type ?? 'any')
}

/** Plain-text help for one plugin. */
export function renderPluginHelp(plugin: PluginDefinition): string {
  const lines = [`${plugin.name} (${plugin.kind})`, '', plugin.description, '']
  if (plugin.inputs) {
    lines.push('Inputs (wire with `from: { <role>: <node> }`):')
    for (const [role, spec] of Object.entries(plugin.inputs)) lines.push(`  ${role}${spec.required ? ' (required)' : ''}${spec.first ? ' (read first)' : ''}: ${spec.description}`)
    lines.push('')
  }
  if (plugin.ports) {
    lines.push('Output ports besides `out` (wire with `from: <node>.<port>`):')
    for (const [port, what] of Object.entries(plugin.ports)) lines.push(`  ${port}: ${what}`)
    lines.push('')
  }
  lines.push('Options (under `with:`):')
  const docs = describeOptions(plugin.config)
  if (docs.length === 0) lines.push('  (none)')
  for (const d of docs) {
    const dflt = d.default !== undefined ? ` = ${JSON.stringify(d.default)}` : ''
    lines.push(`  ${d.path}${d.required ? ' (required)' : ''}: ${d.type}${dflt}`)
    if (d.description) lines.push(`      ${d.description}`)
  }
  return lines.join('\n')
}

/** A Markdown section per plugin, for the README's config reference. */
export function renderPluginMarkdown(plugin: PluginDefinition): string {
  const lines = [`### \`${plugin.name}\` (${plugin.kind})`, '', plugin.description, '']
  if (plugin.inputs) lines.push(`Inputs: ${Object.entries(plugin.inputs).map(([r, s]) => `\`${r}\`${s.required ? ' (required)' : ''}: ${s.description}`).join('; ')}`, '')
  if (plugin.ports) lines.push(`Ports: ${Object.entries(plugin.ports).map(([p, w]) => `\`${p}\`: ${w}`).join('; ')}`, '')
  const docs = describeOptions(plugin.config)
  if (docs.length > 0) {
    lines.push('| option | type | default | description |', '| --- | --- | --- | --- |')
    for (const d of docs) lines.push(`| \`${d.path}\`${d.required ? ' (required)' : ''} | ${d.type.replace(/\|/g, '\\|')} | ${d.default !== undefined ? `\`${JSON.stringify(d.default)}\`` : ''} | ${d.description.replace(/\|/g, '\\|')} |`)
    lines.push('')
  }
  return lines.join('\n')
}
