/** @module A transform with two required input roles; the config-error fixtures use it for wiring errors. */
import { Type } from '@sinclair/typebox'
import { definePlugin } from '../../../core/plugin.ts'

export default definePlugin({
  name: 'join',
  kind: 'transform',
  description: 'Passes events from both inputs through.',
  config: Type.Object({}, { additionalProperties: false }),
  inputs: { left: { description: 'Left stream.', required: true }, right: { description: 'Right stream.', required: true } },
  create: () => ({ process: (events, _input, emit) => emit(events) }),
})
