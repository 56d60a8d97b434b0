import 'server-only';

/**
 * A Map bounded by entry count, and optionally by total weight (e.g. bytes), evicting the least
 * recently used entries first.
 */
export class Lru<K, V> {
  private readonly map = new Map<K, { value: V; weight: number }>();
  private weight = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly limits: { maxWeight?: number; weigh?: (value: V) => number } = {},
  ) {}

  get size(): number {
    return this.map.size;
  }

  get totalWeight(): number {
    return this.weight;
  }

  get(key: K): V | undefined {
    const entry = this.map.get(key);
    if (entry === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, entry);
    return entry.value;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  set(key: K, value: V): void {
    this.delete(key);
    const weight = this.limits.weigh?.(value) ?? 0;
    if (this.limits.maxWeight !== undefined && weight > this.limits.maxWeight) return;
    this.map.set(key, { value, weight });
    this.weight += weight;
    while (this.map.size > this.maxEntries || (this.limits.maxWeight !== undefined && this.weight > this.limits.maxWeight)) {
      this.delete(this.map.keys().next().value as K);
    }
  }

  delete(key: K): void {
    const entry = this.map.get(key);
    if (!entry) return;
    this.map.delete(key);
    this.weight -= entry.weight;
  }
}
