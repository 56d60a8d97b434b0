// Types for ensure-chromium.mjs.
export declare const CHROMIUM: '/usr/bin/chromium';
/** The path of Debian's Chromium; installs the package first when running as root. */
export declare function ensureChromium(): Promise<string>;
