import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// BRIEF: 「A region is data: no text may name Sanda or its step numbers (A①) outside Sanda's pack.」
// The rendered notices are checked per region in test/notifiers/regionTexts.test.ts; this reads the
// code itself, so a page, an error, an OpenAPI description or a default that names a region fails
// here even before any test renders it. Only string literals, templates and JSX text are read:
// what a person could see.

const root = join(import.meta.dirname, '../..');
const scanned = ['functions', 'engine', 'notifiers', 'machines', 'db'];
// A region's name, its id, or a step number written the way the packs write them (A①, B②).
const regionWords = /三田|佐世保|鹿児島|旭川|sanda|sasebo|kagoshima|asahikawa|[AB][①②③④⑤⑥⑦⑧⑨]/i;
// Kagoshima's survey is the leak rate's published reference (seed 003), cited as a survey, not a region served.
const surveyCitation = /鹿児島(県|圏域)?の調査|Kagoshima survey/g;
const namesRegion = (text: string) => regionWords.test(text.replace(surveyCitation, ''));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'migrations' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function visibleTexts(path: string): { line: number; text: string }[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: { line: number; text: string }[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isStringLiteralLike(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node) ||
      ts.isJsxText(node)
    ) {
      // Module specifiers name files, not regions.
      if (!(ts.isStringLiteral(node) && (ts.isImportDeclaration(node.parent) || ts.isExportDeclaration(node.parent)))) {
        found.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: node.getText() });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('a region is data: the code outside regions/ names no region', () => {
  it('no string, template or JSX text outside regions/ names a region or its step numbers', () => {
    const offenders = scanned
      .flatMap((dir) => sourceFiles(join(root, dir)))
      .flatMap((path) =>
        visibleTexts(path)
          .filter((t) => namesRegion(t.text))
          .map((t) => `${relative(root, path)}:${t.line} ${t.text.slice(0, 80)}`),
      );
    expect(offenders).toEqual([]);
  });

  it('the scan sees what it is looking for (a planted text is found)', () => {
    expect(regionWords.test("'A① 入院'")).toBe(true);
    expect(regionWords.test('`三田市の\u0024{x}`')).toBe(true);
    expect(regionWords.test("'sanda-shimin'")).toBe(true);
    expect(regionWords.test("'入院時情報提供'")).toBe(false);
    expect(namesRegion('鹿児島圏域の調査と同じ考え方')).toBe(false);
    expect(namesRegion('鹿児島市の窓口')).toBe(true);
  });
});
