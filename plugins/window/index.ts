/** @module The `window` transform: event-time windowed aggregation (core/window) driven by the pipeline clock. */
import { definePlugin, type Emit, type Event } from '../../core/plugin.ts'
import { createWindowAggregator } from '../../core/window/aggregator.ts'
import { WindowConfigSchema } from '../../core/window/config.ts'
import { windowReads } from './reads.ts'
import { splitWindow } from './split.ts'

export default definePlugin({
  name: 'window',
  kind: 'transform',
  description: 'Aggregates events per group key over event-time windows (cumulative, tumbling, hopping, session) with a watermark; emits running updates and final results.',
  config: WindowConfigSchema,
  metrics: { stateKeys: { kind: 'gauge', description: 'Windows and groups held in state (open windows × group keys).' } },
  ports: {
    late: 'Events whose every window the watermark had passed (decided per event from the events alone, so a replay sends the same), unchanged.',
    dead: 'Events whose time field cannot be read, with `_error` saying why.',
  },
  parallel: splitWindow,
  reads: windowReads,
  create(ctx, config) {
    let aggregator = createWindowAggregator(config)
    const send = (emit: Emit, out: Event[], late: Event[] = [], dead: Event[] = []) => {
      if (out.length > 0) emit(out)
      if (late.length > 0) emit(late, 'late')
      if (dead.length > 0) emit(dead, 'dead')
      ctx.metrics.gauge('stateKeys', aggregator.stateKeys)
    }
    return {
      process(events, _input, emit) {
        const { out, late, dead } = aggregator.add(events, ctx.clock.now())
        send(emit, out, late, dead)
      },
      tick(now, emit) {
        send(emit, aggregator.advance(now))
      },
      flush(emit) {
        send(emit, aggregator.flush())
      },
      snapshot: () => aggregator.snapshot(),
      restore(state) {
        aggregator = createWindowAggregator(config, { snapshot: state, now: ctx.clock.now() })
        ctx.metrics.gauge('stateKeys', aggregator.stateKeys)
      },
    }
  },
})
