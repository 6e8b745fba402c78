// The layer rules of .dependency-cruiser.cjs, applied by a plain scan of the
// import statements, so that `npm test` checks them on any Node (the
// dependency-cruiser run itself, `npm run lint:layers`, needs Node 22+ and is
// in .ci/run). The scan reads the same `forbidden` list.

import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const config = require(join(ROOT, '.dependency-cruiser.cjs')) as {
  forbidden: Array<{ name: string; from: { path?: string }; to: { path?: string | string[]; pathNot?: string; circular?: boolean } }>;
};

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...sourceFiles(path));
    } else if (/\.(ts|cjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?\bfrom\s+'([^']+)'|\brequire\(\s*'([^']+)'\s*\)|\bimport\(\s*'([^']+)'\s*\)/g;

/** The project files `file` imports, as paths from the root (`core/upstream/index.ts`). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const spec = match[1] ?? match[2] ?? match[3];
    if (!spec.startsWith('.')) continue;
    const base = join(dirname(file), spec);
    const candidates = [base, `${base}.ts`, `${base}.cjs`, join(base, 'index.ts')];
    const hit = candidates.find((c) => existsSync(join(ROOT, c)) && statSync(join(ROOT, c)).isFile());
    if (hit) found.push(relative('.', hit).split('\\').join('/'));
  }
  return found;
}

const FILES = ['core', 'plugins', 'scripts', 'test'].flatMap((dir) => sourceFiles(dir));
const GRAPH = new Map(FILES.map((file) => [file, importsOf(file)]));

function matches(pattern: string | string[] | undefined, path: string): boolean {
  if (pattern === undefined) return true;
  return (Array.isArray(pattern) ? pattern : [pattern]).some((p) => new RegExp(p).test(path));
}

function violations(rule: (typeof config.forbidden)[number]): string[] {
  const found: string[] = [];
  for (const [from, targets] of GRAPH) {
    if (!matches(rule.from.path, from)) continue;
    const group = rule.from.path ? new RegExp(rule.from.path).exec(from)?.[1] : undefined;
    for (const to of targets) {
      if (!matches(rule.to.path, to)) continue;
      const not = rule.to.pathNot?.replace('$1', group ?? '$1');
      if (not && new RegExp(not).test(to)) continue;
      found.push(`${from} -> ${to}`);
    }
  }
  return found;
}

/** One cycle through the graph, if any (as a list of files). */
function findCycle(): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): string[] | undefined => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of GRAPH.get(file) ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(file, 'done');
    return undefined;
  };
  for (const file of GRAPH.keys()) {
    if (state.has(file)) continue;
    const cycle = visit(file);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('layer rules (.dependency-cruiser.cjs)', () => {
  it('reads the import graph (the scan is not empty)', () => {
    expect(GRAPH.get('core/server/serve-messages.ts')).toEqual(expect.arrayContaining(['core/plugins/backend-registry.ts']));
    expect(config.forbidden.some((rule) => rule.name === 'layer-upstream')).toBe(true);
  });

  const pathRules = config.forbidden.filter((rule) => !rule.to.circular);
  it.each(pathRules.map((rule) => [rule.name, rule] as const))('%s holds', (_name, rule) => {
    expect(violations(rule)).toEqual([]);
  });

  it('finds a violation when there is one', () => {
    const upstream = config.forbidden.find((rule) => rule.name === 'layer-upstream')!;
    GRAPH.set('core/upstream/made-up.ts', ['core/server/send-error.ts']);
    try {
      expect(violations(upstream)).toEqual(['core/upstream/made-up.ts -> core/server/send-error.ts']);
    } finally {
      GRAPH.delete('core/upstream/made-up.ts');
    }
  });

  it('has no import cycle', () => {
    expect(findCycle()).toBeUndefined();
  });
});

describe('the core names no backend', () => {
  const BACKEND = /openrouter|databricks|litellm|bedrock|vertex/i;
  /** Code without its comments: a comment may say where a wire-format fact comes from. */
  function code(text: string): string {
    return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  }

  it.each(sourceFiles('core').map((file) => [file]))('%s', (file) => {
    const lines = code(readFileSync(join(ROOT, file), 'utf8'))
      .split('\n')
      .filter((line) => BACKEND.test(line));
    expect(lines).toEqual([]);
  });
});
