/** @module The plugins tally ships with: what a config's `use:` can name without a `plugins:` entry. */
import type { PluginDefinition } from '../core/plugin.ts'
import memorySink from '../core/testing/memory-sink.ts'
import memorySource from '../core/testing/memory-source.ts'
import combine from './combine/index.ts'
import dashboard from './dashboard-hono/index.ts'
import fileSink from './sink-file/index.ts'
import kafkaSink from './sink-kafka/index.ts'
import postgres from './sink-postgres/index.ts'
import fileSource from './source-file/index.ts'
import kafkaSource from './source-kafka/index.ts'
import randomuser from './source-randomuser/index.ts'
import voting from './voting/index.ts'
import window from './window/index.ts'

export const builtinPlugins: PluginDefinition[] = [randomuser, kafkaSource, fileSource, memorySource, voting, window, combine, postgres, kafkaSink, fileSink, dashboard, memorySink] as PluginDefinition[]
