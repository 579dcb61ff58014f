/** @module The plugins tally ships with: what a config's `use:` can name without a `plugins:` entry. */
import type { PluginDefinition } from '../core/plugin.ts'
import memorySink from '../core/testing/memory-sink.ts'
import memorySource from '../core/testing/memory-source.ts'
import window from './window/index.ts'

export const builtinPlugins: PluginDefinition[] = [memorySource, memorySink, window] as PluginDefinition[]
