import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parse, sourceFiles } from './source.ts';

/** A function a reader can hold on one screen; a longer one is a module waiting to be made. */
const MAX_LINES = 80;

/** Every function longer than `max` lines in a file, as `file:line name (n lines)`. */
function longFunctions(file: string, max = MAX_LINES): string[] {
  const sf = parse(file);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isFunctionDeclaration(node) ||
      ts.isFunctionExpression(node) ||
      ts.isArrowFunction(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isConstructorDeclaration(node) ||
      ts.isGetAccessor(node)
    ) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart()).line;
      const lines = sf.getLineAndCharacterOfPosition(node.getEnd()).line - start + 1;
      if (lines > max) {
        const named = node.name ?? (ts.isVariableDeclaration(node.parent) ? node.parent.name : undefined);
        found.push(`${file}:${start + 1} ${named?.getText(sf) ?? '(anonymous)'} (${lines} lines)`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe('functions fit on a screen', () => {
  // Migrations are left out: each is the schema's history as it ran, and is never edited.
  it(`has no function longer than ${MAX_LINES} lines in src/ or bench/`, () => {
    const long = sourceFiles('src', 'bench').flatMap((file) => longFunctions(file));
    expect(long).toEqual([]);
  });

  it('finds a long one', () => {
    expect(longFunctions('test/architecture/function-length.test.ts', 20)).toEqual([
      expect.stringMatching(/function-length\.test\.ts:\d+ longFunctions \(\d+ lines\)/),
    ]);
  });
});
