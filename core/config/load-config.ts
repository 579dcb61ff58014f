/** @module Loads a config file (YAML or TS), its extra plugin modules, and resolves it; every problem at once as a ConfigError. */
import { readFile } from 'node:fs/promises'
import { dirname, extname, resolve } from 'node:path'
import type { PipelineSpec } from '../engine/spec.ts'
import { ConfigError, type ConfigIssue } from '../errors.ts'
import type { PluginDefinition } from '../plugin.ts'
import { importUserModule, resolvePluginModule } from './plugin-module.ts'
import { parseModuleSource } from './ts-source.ts'
import { parseYamlSource, type ParsedSource } from './yaml-source.ts'
import { resolvePipeline } from './resolve.ts'

export interface LoadedConfig {
  spec: PipelineSpec
  /** The config after env substitution, before defaults. */
  raw: Record<string, unknown>
  /** Built-in plus the config's own plugins. */
  registry: Map<string, PluginDefinition>
}

export async function loadConfigFile(file: string, builtins: readonly PluginDefinition[], env: Record<string, string | undefined> = process.env): Promise<LoadedConfig> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new ConfigError([{ file, line: 1, col: 1, path: '(root)', message: `cannot read config file: ${error.code === 'ENOENT' ? 'no such file' : error.message}` }])
  })
  const source = await parseSource(file, text, env)
  if (source.issues.length > 0 && source.value === undefined) throw new ConfigError(source.issues)
  const issues: ConfigIssue[] = [...source.issues]
  const raw = source.value as Record<string, unknown>
  const registry = new Map(builtins.map((p) => [p.name, p]))
  // An empty or non-mapping config is reported by resolvePipeline; it has no plugins to load.
  const extra = typeof raw === 'object' && raw !== null && Array.isArray(raw.plugins) ? raw.plugins : []
  for (const [index, path] of extra.entries()) {
    if (typeof path !== 'string') continue
    const at = { file, ...source.locate(['plugins', index], 'value'), path: `plugins.${index}` }
    const found = resolvePluginModule(path, dirname(resolve(file)))
    if ('error' in found) {
      issues.push({ ...at, message: `cannot load plugin module \`${path}\`: ${found.error}` })
      continue
    }
    try {
      const module = await importUserModule(found.file)
      const plugin = module.default as PluginDefinition | undefined
      if (!plugin || typeof plugin.name !== 'string' || typeof plugin.create !== 'function' || !plugin.config) {
        issues.push({ ...at, message: `\`${path}\` does not export a plugin (write \`export default definePlugin({ ... })\`)` })
      } else if (registry.has(plugin.name)) {
        issues.push({ ...at, message: `\`${path}\` defines plugin \`${plugin.name}\`, which already exists (rename it)` })
      } else registry.set(plugin.name, plugin)
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
      issues.push({ ...at, message: `cannot load plugin module \`${path}\`: ${reason}` })
    }
  }
  const resolved = resolvePipeline(raw, registry, file, source.locate, source.envPaths)
  // A value whose variable is missing was reported already; its schema errors would only repeat it.
  const missing = new Set(source.issues.map((i) => i.path))
  issues.push(...resolved.issues.filter((i) => !missing.has(i.path)))
  if (issues.length > 0 || !resolved.spec) throw new ConfigError(sortIssues(issues))
  return { spec: resolved.spec, raw, registry }
}

async function parseSource(file: string, text: string, env: Record<string, string | undefined>): Promise<ParsedSource> {
  const ext = extname(file)
  if (ext === '.ts' || ext === '.js' || ext === '.mjs' || ext === '.mts') {
    try {
      return parseModuleSource(await importUserModule(resolve(file)), text, file, env)
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
      return { value: undefined, issues: [{ file, line: 1, col: 1, path: '(root)', message: `cannot load TS config: ${reason}` }], locate: () => ({ line: 1, col: 1 }) }
    }
  }
  return parseYamlSource(text, file, env)
}

function sortIssues(issues: ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort((a, b) => a.line - b.line || a.col - b.col)
}
