/** @module A binary min-heap over a numeric priority read from each item. */

export interface MinHeap<T> {
  readonly length: number
  push(item: T): void
  peek(): T | undefined
  pop(): T | undefined
}

export function createMinHeap<T>(priority: (item: T) => number): MinHeap<T> {
  const items: T[] = []
  const less = (i: number, j: number) => priority(items[i]!) < priority(items[j]!)
  const swap = (i: number, j: number) => void ([items[i], items[j]] = [items[j]!, items[i]!])
  return {
    get length() {
      return items.length
    },
    push(item) {
      items.push(item)
      for (let i = items.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1
        if (!less(i, parent)) break
        swap(i, parent)
        i = parent
      }
    },
    peek: () => items[0],
    pop() {
      const top = items[0]
      const tail = items.pop()
      if (items.length === 0 || tail === undefined) return top
      items[0] = tail
      for (let i = 0; ; ) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < items.length && less(l, m)) m = l
        if (r < items.length && less(r, m)) m = r
        if (m === i) break
        swap(i, m)
        i = m
      }
      return top
    },
  }
}
