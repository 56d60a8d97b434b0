// jsdom ships no type declarations and @types/jsdom is not a dependency; this declares the one
// constructor lib/mime uses. Replace with @types/jsdom if it is ever added.
declare module 'jsdom' {
  export class JSDOM {
    constructor(html?: string, options?: Record<string, unknown>);
    readonly window: Window & typeof globalThis;
  }
}
