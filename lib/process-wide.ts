import 'server-only';

/**
 * One value per server process. Next bundles instrumentation, pages and route handlers
 * separately, and a module may be evaluated once per bundle: caches and shutdown state that must
 * be shared (a message decrypted for the page is the one its body route serves) live on
 * globalThis under a registered symbol.
 */
export function processWide<T>(name: string, make: () => T): T {
  const key = Symbol.for(`sesame.${name}`);
  const slots = globalThis as unknown as Record<symbol, T | undefined>;
  return (slots[key] ??= make());
}
