/** @module The JSON Schema of a whole config, each node's `with:` checked against its plugin, for editor completion of YAML. */
import type { TSchema } from '@sinclair/typebox'
import type { PluginDefinition } from '../plugin.ts'
import { NodeSchema, PipelineConfigSchema } from './pipeline-schema.ts'

export function configJsonSchema(plugins: readonly PluginDefinition[]): Record<string, unknown> {
  const strip = (schema: TSchema) => JSON.parse(JSON.stringify(schema)) as Record<string, unknown>
  const node = strip(NodeSchema)
  const properties = node.properties as Record<string, unknown>
  properties.use = { type: 'string', enum: plugins.map((p) => p.name), description: (properties.use as { description?: string }).description }
  node.allOf = plugins.map((p) => ({
    if: { properties: { use: { const: p.name } }, required: ['use'] },
    then: { properties: { with: { ...strip(p.config), description: p.description } } },
  }))
  const root = strip(PipelineConfigSchema)
  ;(root.properties as Record<string, unknown>).nodes = { type: 'object', description: 'The graph: nodes keyed by id.', additionalProperties: node }
  return { $schema: 'http://json-schema.org/draft-07/schema#', title: 'tally pipeline config', ...root }
}
