/** @module `pipeline new plugin`: the files of a new plugin folder. */
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Kind } from '../plugin.ts'

/** File name → contents for a new plugin called `name` of `kind`: it imports only from the `tally` package, and its test needs no service. */
export function scaffoldPlugin(kind: Kind, name: string): Record<string, string> {
  const body: Record<Kind, string> = {
    source: `  create(ctx, config) {
    return {
      async *read(from, signal) {
        let next = typeof from === 'number' ? from : 0
        while (next < config.count && !signal.aborted) {
          const end = Math.min(config.count, next + 100)
          const events = []
          for (let i = next; i < end; i++) events.push({ seq: i, at: ctx.clock.now() })
          next = end
          yield { events, position: next }
        }
      },
    }
  },`,
    transform: `  create(_ctx, config) {
    return {
      process(events, _input, emit) {
        emit(events.map((event) => tag(event, config.field, config.value)))
      },
    }
  },`,
    sink: `  create(ctx, config) {
    let written = 0
    return {
      write(events) {
        written += events.length
        if (config.logEvery > 0 && written % config.logEvery < events.length) ctx.log.info(\`\${written} events written\`)
      },
    }
  },`,
  }
  const options: Record<Kind, string> = {
    source: `count: Type.Integer({ minimum: 0, default: 1000, description: 'How many events to produce.' }),`,
    transform: `field: Type.String({ minLength: 1, default: 'tag', description: 'Field to set on every event.' }),
      value: Type.String({ default: '${name}', description: 'Value to set it to.' }),`,
    sink: `logEvery: Type.Integer({ minimum: 0, default: 0, description: 'Log a line every N events (0: never).' }),`,
  }
  const pure = kind === 'transform'
    ? `\n/** Pure, so it is tested without the engine. */\nexport function tag(event: Event, field: string, value: string): Event {\n  return { ...event, [field]: value }\n}\n`
    : ''
  const index = `/** @module ${name}: a ${kind} plugin. Describe what it is for in one line. */
import { definePlugin, Type${pure ? ', type Event' : ''} } from 'tally'

export default definePlugin({
  name: '${name}',
  kind: '${kind}',
  description: 'What ${name} does, in one sentence.',
  config: Type.Object(
    {
      ${options[kind]}
    },
    { additionalProperties: false },
  ),
${body[kind]}
})
${pure}`
  const conformance = `test${kind[0]!.toUpperCase()}${kind.slice(1)}Conformance`
  const extra = pure
    ? `
describe('${name}', () => {
  it('sets the configured field on every event', () => {
    expect(tag({ id: 1 }, 'tag', 'x')).toEqual({ id: 1, tag: 'x' })
  })
})
`
    : ''
  const vitestImport = pure ? "import { describe, expect, it } from 'vitest'\n" : ''
  const test = `${vitestImport}import { ${conformance} } from 'tally/testing'
import plugin${pure ? ', { tag }' : ''} from './index.ts'

${conformance}(plugin, {})
${extra}`
  const readme = `# ${name}\n\nA ${kind} plugin. Use it in a config:\n\n\`\`\`yaml\nnodes:\n  my-${kind}: { use: ${name}${kind === 'source' ? '' : ', from: <node id>'} }\n\`\`\`\n\nList it in the config's \`plugins:\` by path from the config's folder (\`plugins: [./${name}/index.ts]\`), or by package name once it is a package of its own. Its test: \`npx vitest run ${name}\`.\n`
  return { 'index.ts': index, 'index.test.ts': test, 'README.md': readme }
}

/** The command that runs a new plugin's test from the current folder: vitest, installed first where the project has none. */
export function nextStep(folder: string, where: string): string {
  const run = `npx vitest run ${where}`
  try {
    createRequire(join(folder, 'index.ts')).resolve('vitest/package.json')
    return run
  } catch {
    return `npm install --save-dev vitest && ${run}`
  }
}
