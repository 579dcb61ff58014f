/** @module The connected viewers: each is a byte stream, and a broadcast writes the same encoded bytes to all. */

export interface Hub {
  readonly size: number
  /** A new viewer's stream, starting with `first` (the current state). Cancelling it (the client left) removes the viewer. */
  open(first: Uint8Array): ReadableStream<Uint8Array>
  /** Queues the same bytes on every viewer; a viewer too far behind is dropped (it reconnects and catches up). */
  broadcast(bytes: Uint8Array): void
  /** Ends every stream, for shutdown. */
  closeAll(): void
}

export interface HubOptions {
  /** Messages a viewer may have queued before it is dropped as too slow. */
  maxQueued?: number
  /** Called when a slow viewer is dropped. */
  onDrop?: () => void
}

export function createHub(options: HubOptions = {}): Hub {
  const maxQueued = options.maxQueued ?? 64
  const viewers = new Set<ReadableStreamDefaultController<Uint8Array>>()
  return {
    get size() {
      return viewers.size
    },
    open(first) {
      let self: ReadableStreamDefaultController<Uint8Array> | undefined
      return new ReadableStream<Uint8Array>({
        start(controller) {
          self = controller
          controller.enqueue(first)
          viewers.add(controller)
        },
        cancel() {
          if (self) viewers.delete(self)
        },
      })
    },
    broadcast(bytes) {
      for (const viewer of viewers) {
        if ((viewer.desiredSize ?? 0) < -maxQueued) {
          viewers.delete(viewer)
          viewer.error(new Error('dashboard viewer fell too far behind; it will reconnect'))
          options.onDrop?.()
          continue
        }
        viewer.enqueue(bytes)
      }
    },
    closeAll() {
      for (const viewer of viewers) viewer.close()
      viewers.clear()
    },
  }
}
