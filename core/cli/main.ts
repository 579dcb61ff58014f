/** @module The `pipeline` command: parses arguments, dispatches, and turns outcomes into exit codes (0 ok, 1 runtime failure, 2 config or usage). Knows no plugin: the entry (cli.ts) passes them. */
import { describeSplit } from '../parallel/plan.ts'
import { splitHere } from '../parallel/runtime-support.ts'
import { mkdir, writeFile, access } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import process from 'node:process'
import { parseArgs } from 'node:util'
import { loadConfigFile } from '../config/load-config.ts'
import { configJsonSchema } from '../config/json-schema.ts'
import { ConfigError, TallyError } from '../errors.ts'
import type { Kind, PluginDefinition } from '../plugin.ts'
import { commandHelp } from './help.ts'
import { nextStep, scaffoldPlugin } from './new-plugin.ts'
import { renderPluginHelp, renderPluginMarkdown } from './plugin-docs.ts'
import { runCommand } from './run-command.ts'
import { checkCommand } from './check-command.ts'
import { resetPipeline } from './reset-command.ts'
import { consoleLogger } from '../engine/engine.ts'
import { fieldsReadOf } from '../engine/fields-read.ts'
import { LOG_LEVELS, toJsonLine, type LogFormat } from '../operator/log-line.ts'
import { createRedactor } from '../operator/redact.ts'

class UsageError extends TallyError {
  constructor(message: string) {
    super('E_USAGE', message)
  }
}

const print = (text: string) => process.stdout.write(`${text}\n`)
/** `--log-format json` makes the command's own failure a JSON line too. */
let errorFormat: LogFormat = 'text'

async function main(argv: string[], builtinPlugins: PluginDefinition[], pluginsModule?: string): Promise<number> {
  const [command, ...rest] = argv
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    print(commandHelp.main!)
    return command ? 0 : 2
  }
  if (!(command in commandHelp) || command === 'main') throw new UsageError(`unknown command \`${command}\` (commands: run, validate, check, reset, plugins, schema, new)`)
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      json: { type: 'boolean' },
      markdown: { type: 'boolean' },
      config: { type: 'string' },
      dir: { type: 'string' },
      'state-dir': { type: 'string' },
      progress: { type: 'string' },
      interval: { type: 'string' },
      'exit-when-done': { type: 'boolean' },
      fresh: { type: 'boolean' },
      http: { type: 'string' },
      'log-format': { type: 'string' },
      'log-level': { type: 'string' },
    },
  })
  const logFormat = oneOf(values['log-format'], ['text', 'json'] as const, '--log-format')
  if (logFormat === 'json') errorFormat = 'json'
  const logLevel = oneOf(values['log-level'], LOG_LEVELS, '--log-level')
  if (values.help) {
    print(commandHelp[command]!)
    return 0
  }
  const needConfig = () => {
    const file = positionals[0]
    if (!file) throw new UsageError(`\`pipeline ${command}\` needs a config file\n\n${commandHelp[command]}`)
    return file
  }
  switch (command) {
    case 'run':
      return runCommand(needConfig(), {
        stateDir: values['state-dir'],
        progress: values.progress,
        intervalMs: values.interval ? Number(values.interval) : undefined,
        exitWhenDone: values['exit-when-done'] ?? false,
        fresh: values.fresh ?? false,
        http: values.http,
        logFormat,
        logLevel,
        plugins: builtinPlugins,
        pluginsModule,
      })
    case 'reset': {
      const file = needConfig()
      const { spec } = await loadConfigFile(file, builtinPlugins)
      const deleted = await resetPipeline(spec, values['state-dir'] ?? '.tally', consoleLogger)
      print(deleted.length > 0 ? `${file}: deleted ${deleted.length} item${deleted.length === 1 ? '' : 's'}; the next run starts over` : `${file}: nothing stored yet`)
      return 0
    }
    case 'validate': {
      const { spec } = await loadConfigFile(needConfig(), builtinPlugins)
      print(`${positionals[0]}: valid (${spec.nodes.length} nodes: ${spec.nodes.map((n) => `${n.id}=${n.plugin.name}`).join(', ')})`)
      const fieldsRead = fieldsReadOf(spec)
      for (const source of spec.nodes.filter((n) => n.plugin.kind === 'source')) {
        const fields = fieldsRead(source.id)
        if (fields !== undefined) print(`  \`${source.id}\`: downstream reads only ${fields.length === 0 ? 'no field' : fields.join(', ')}`)
      }
      const { split } = splitHere(spec)
      if ((spec.parallelism ?? 1) !== 1) print([describeSplit(split), ...split.notes].join('\n  '))
      return 0
    }
    case 'check':
      return checkCommand(needConfig(), { json: values.json ?? false, stateDir: values['state-dir'], plugins: builtinPlugins })
    case 'plugins': {
      const registry = values.config ? [...(await loadConfigFile(values.config, builtinPlugins)).registry.values()] : builtinPlugins
      if (values.markdown) {
        print(registry.map(renderPluginMarkdown).join('\n'))
        return 0
      }
      const name = positionals[0]
      if (!name) {
        const width = Math.max(...registry.map((p) => p.name.length))
        for (const p of registry) print(`${p.name.padEnd(width)}  ${p.kind.padEnd(9)}  ${p.description}`)
        print('\nRun `pipeline plugins <name>` for a plugin\'s options.')
        return 0
      }
      const plugin = registry.find((p) => p.name === name)
      if (!plugin) throw new UsageError(`unknown plugin \`${name}\` (known: ${registry.map((p) => p.name).join(', ')})`)
      print(renderPluginHelp(plugin))
      return 0
    }
    case 'schema': {
      const registry = positionals[0] ? [...(await loadConfigFile(positionals[0], builtinPlugins)).registry.values()] : builtinPlugins
      print(JSON.stringify(configJsonSchema(registry), null, 2))
      return 0
    }
    case 'new': {
      const [what, kind, name] = positionals
      if (what !== 'plugin' || !kind || !name) throw new UsageError(commandHelp.new!)
      if (!['source', 'transform', 'sink'].includes(kind)) throw new UsageError(`plugin kind must be source, transform or sink (got \`${kind}\`)`)
      if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new UsageError(`plugin name must be kebab-case, like \`my-thing\` (got \`${name}\`)`)
      const folder = resolve(values.dir ?? 'plugins', name)
      if (await access(folder).then(() => true, () => false)) throw new UsageError(`${folder} already exists`)
      await mkdir(folder, { recursive: true })
      for (const [file, text] of Object.entries(scaffoldPlugin(kind as Kind, name))) await writeFile(join(folder, file), text)
      const where = relative(process.cwd(), folder) || '.'
      print(`created ${where}/ (index.ts, index.test.ts, README.md)\nnext: ${nextStep(folder, where)}`)
      return 0
    }
  }
  return 2
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined || allowed.includes(value as T)) return value as T | undefined
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got \`${value}\`)`)
}

/** The command's failure on stderr: text, or one JSON line with `--log-format json`. */
function report(message: string, error: unknown): void {
  if (errorFormat === 'json') process.stderr.write(`${toJsonLine({ time: new Date(), level: 'error', message, error }, createRedactor())}\n`)
  else process.stderr.write(`${message}\n`)
}

/**
 * Runs the command in `argv` with `builtinPlugins` available to every config, and exits with its
 * code. `pluginsModule`: the URL of a module exporting them as `builtinPlugins`, which worker threads
 * load (`settings.parallelism`); without it pipelines run on one thread.
 */
export function runCli(argv: string[], builtinPlugins: PluginDefinition[], pluginsModule?: string): Promise<never> {
  return main(argv, builtinPlugins, pluginsModule).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof ConfigError) {
        report(`${error.message}\n${error.issues.length} problem${error.issues.length === 1 ? '' : 's'} in the config.`, error)
        process.exit(2)
      }
      if (error instanceof UsageError || (error instanceof Error && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))) {
        report(`pipeline: ${error.message}`, error)
        process.exit(2)
      }
      report(`pipeline: ${error instanceof Error ? error.message : String(error)}`, error)
      if (process.env.TALLY_DEBUG) console.error(error)
      process.exit(1)
    },
  )
}
