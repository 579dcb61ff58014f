/** @module A transform that passes events through; the config-error fixtures use it to build graphs. */
import { Type } from '@sinclair/typebox'
import { definePlugin } from '../../../core/plugin.ts'

export default definePlugin({
  name: 'passthrough',
  kind: 'transform',
  description: 'Passes every event through unchanged.',
  config: Type.Object({}, { additionalProperties: false }),
  create: () => ({ process: (events, _input, emit) => emit(events) }),
})
