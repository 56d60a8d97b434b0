// Reading the deployment examples in tests: the Dockerfile, docs/deploy/** and the YAML files
// (with CloudFormation's short tags). js-yaml is a dependency of ESLint, not of Sesame: it is
// loaded through require so the tests need no types for it.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const deployDir = path.join(root, 'docs', 'deploy');

export function read(rel: string): string {
  return readFileSync(path.join(root, rel), 'utf8');
}

export function readJson<T = unknown>(rel: string): T {
  return JSON.parse(read(rel)) as T;
}

/** Every file under docs/deploy with this extension, as repository-relative paths. */
export function deployFiles(ext: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(ext)) out.push(path.relative(root, full));
    }
  };
  walk(deployDir);
  return out.sort();
}

interface YamlType {
  new (tag: string, options: { kind: 'scalar' | 'sequence' | 'mapping'; construct: (data: unknown) => unknown }): unknown;
}
interface JsYaml {
  Type: YamlType;
  DEFAULT_SCHEMA: { extend(types: unknown[]): unknown };
  load(text: string, options?: { schema?: unknown }): unknown;
  loadAll(text: string, iterator?: null, options?: { schema?: unknown }): unknown[];
}

const yaml = createRequire(import.meta.url)('js-yaml') as JsYaml;

export function loadYamlAll(text: string): unknown[] {
  return yaml.loadAll(text);
}

const CFN_FUNCTIONS = ['Base64', 'Cidr', 'Equals', 'FindInMap', 'GetAtt', 'GetAZs', 'If', 'ImportValue', 'Join', 'Not', 'And', 'Or', 'Select', 'Split', 'Sub', 'Transform', 'Length', 'ToJsonString'];

/** A CloudFormation template in YAML, short tags turned into their long form (`!Ref x` → `{Ref: x}`). */
export function loadCloudFormation(text: string): Record<string, unknown> {
  const types: unknown[] = [];
  for (const kind of ['scalar', 'sequence', 'mapping'] as const) {
    types.push(new yaml.Type('!Ref', { kind, construct: (data) => ({ Ref: data }) }));
    types.push(new yaml.Type('!Condition', { kind, construct: (data) => ({ Condition: data }) }));
    for (const name of CFN_FUNCTIONS) {
      types.push(
        new yaml.Type(`!${name}`, {
          kind,
          construct: (data) => ({ [`Fn::${name}`]: name === 'GetAtt' && typeof data === 'string' ? data.split('.') : data }),
        }),
      );
    }
  }
  return yaml.load(text, { schema: yaml.DEFAULT_SCHEMA.extend(types) }) as Record<string, unknown>;
}

/** Environment variables Sesame does not define but that the image and the runtimes use. */
export const STANDARD_ENV = new Set(['PORT', 'HOSTNAME', 'NODE_ENV', 'NODE_OPTIONS', 'NEXT_TELEMETRY_DISABLED', 'NEXT_MANUAL_SIG_HANDLE', 'HOME', 'PATH', 'TZ']);
