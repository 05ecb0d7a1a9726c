import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parse, sourceFiles } from './source.ts';

/**
 * The layers of src/, lowest first: a module may import from its own layer and those below it,
 * never from one above. A top-level file (src/deps.ts) is a layer of its own name.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['config', 'deadline', 'log', 'observability', 'calendar'],
  ['storage'],
  ['installations', 'people'],
  ['policy'],
  ['slack'],
  ['deps'],
  ['sweep'],
  ['features'],
  ['mount', 'app'],
  ['sandbox'],
  ['cli'],
  ['main'],
];

const rank = (layer: string): number => LAYERS.findIndex((names) => names.includes(layer));

/** `src/slack/x.ts` → `slack`; `src/deps.ts` → `deps`. */
const layerOf = (file: string): string => {
  const [first] = relative('src', file).split('/');
  return first!.replace(/\.ts$/, '');
};

function importsOf(file: string): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      found.push((node.moduleSpecifier as ts.StringLiteral).text);
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteral(arg)) found.push(arg.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(parse(file));
  return found.filter((s) => s.startsWith('.')).map((s) => normalize(join(dirname(file), s)));
}

describe('layers point one way', () => {
  const files = sourceFiles('src');

  it('knows the layer of every folder and top-level file under src/', () => {
    const unknown = [...new Set(files.map(layerOf))].filter((layer) => rank(layer) < 0);
    expect(unknown).toEqual([]);
  });

  it('has no import from a lower layer to a higher one', () => {
    const upward = files.flatMap((file) =>
      importsOf(file)
        .filter((target) => target.startsWith('src/') && rank(layerOf(target)) > rank(layerOf(file)))
        .map((target) => `${file} imports ${target}`),
    );
    expect(upward).toEqual([]);
  });

  it('can tell an upward import when it sees one', () => {
    expect(rank(layerOf('src/policy/policy.ts'))).toBeLessThan(rank(layerOf('src/features/home/views.ts')));
    expect(rank(layerOf('src/people/checks.ts'))).toBeLessThan(rank(layerOf('src/slack/mentions.ts')));
  });
});
