/**
 * @module The watermark: how far event time has surely progressed, so windows ending before it can close.
 *
 * Two bounds. `lateBefore(w)` = highest event time seen − allowedLatenessMs is a function of the
 * events alone, per event (not per batch): an event for a window ending at or before it is late.
 * `w.value`, the closing watermark, equals it while events flow; when no event has arrived for
 * idleTimeoutMs of processing time, it assumes event time keeps pace with the clock from the moment
 * the highest event time was seen: maxEventTime + (now − maxSeenAt) − allowedLatenessMs. That keeps
 * the observed skew between the event clock and the processing clock (replays of old data stay old)
 * and closes windows when traffic stops. Fixed windows closed that way ahead of the events stay
 * correctable until `lateBefore` passes them (window-store.ts), so idle time, which a replay does
 * not repeat, never makes an event late. Neither bound goes back.
 */

export interface Watermark {
  /** Event time before which windows are closed (emitted final); -Infinity before any event. */
  value: number
  maxEventTime: number
  /** Processing time at which `maxEventTime` was seen. */
  maxSeenAt: number
  /** Processing time of the last batch holding events. */
  lastInputAt: number
}

export interface WatermarkPolicy {
  allowedLatenessMs: number
  idleTimeoutMs: number | null
}

export function createWatermark(): Watermark {
  return { value: -Infinity, maxEventTime: -Infinity, maxSeenAt: -Infinity, lastInputAt: -Infinity }
}

/** Event time before which an event is late for fixed windows: a function of the events seen, whatever the batching or the clock. */
export function lateBefore(w: Watermark, allowedLatenessMs: number): number {
  return w.maxEventTime - allowedLatenessMs
}

/** Takes one event time into account. */
export function observeEventTime(w: Watermark, time: number, now: number, allowedLatenessMs: number): void {
  if (time <= w.maxEventTime) return
  w.maxEventTime = time
  w.maxSeenAt = now
  if (time - allowedLatenessMs > w.value) w.value = time - allowedLatenessMs
}

/** Moves the closing watermark with the clock when input has been idle long enough. */
export function advanceIdle(w: Watermark, now: number, policy: WatermarkPolicy): void {
  if (policy.idleTimeoutMs === null || w.maxEventTime === -Infinity || now - w.lastInputAt < policy.idleTimeoutMs) return
  const estimate = w.maxEventTime + (now - w.maxSeenAt) - policy.allowedLatenessMs
  if (estimate > w.value) w.value = estimate
}

/** Shifts the processing times by `offsetMs`: after a restore, the time the pipeline was down is not idle time. */
export function rebaseWatermark(w: Watermark, offsetMs: number): void {
  w.maxSeenAt += offsetMs
  w.lastInputAt += offsetMs
}
