/** @module Masks personal fields before events leave the pipeline: a custom plugin in one file. */
import { definePlugin, Type, type Event } from 'tally'

export default definePlugin({
  name: 'redact',
  kind: 'transform',
  description: 'Replaces the named fields (dot paths) of every event with a mask.',
  config: Type.Object(
    {
      fields: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: 'Fields to mask, e.g. `email` or `address.street`.' }),
      mask: Type.String({ default: '***', description: 'What a masked value becomes.' }),
    },
    { additionalProperties: false },
  ),
  create(_ctx, { fields, mask }) {
    const paths = fields.map((f) => f.split('.'))
    return { process: (events, _input, emit) => emit(events.map((e) => redact(e, paths, mask))) }
  },
})

/** Pure, so it is tested without the engine. Copies only the objects on the masked paths. */
export function redact(event: Event, paths: string[][], mask: string): Event {
  const out: Event = { ...event }
  for (const path of paths) {
    let node: Record<string, unknown> = out
    for (const [i, key] of path.entries()) {
      if (typeof node[key] !== 'object' || node[key] === null || i === path.length - 1) {
        if (i === path.length - 1 && key in node) node[key] = mask
        break
      }
      node = node[key] = { ...(node[key] as Record<string, unknown>) }
    }
  }
  return out
}
