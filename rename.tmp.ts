// Renames declarations with TypeScript's language service: every reference, nothing in strings.
// Usage: tsx rename.tmp.ts plan.json   where plan.json = [[file, oldName, newName], ...]
import { readFileSync, writeFileSync } from 'node:fs';
import ts from 'typescript';

const plan = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as [string, string, string][];
const configPath = ts.findConfigFile('.', ts.sys.fileExists, 'tsconfig.json')!;
const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, '.');
const files = new Map<string, { text: string; version: number }>();
for (const f of parsed.fileNames) files.set(f, { text: readFileSync(f, 'utf8'), version: 0 });
const host: ts.LanguageServiceHost = {
  getScriptFileNames: () => [...files.keys()],
  getScriptVersion: (f) => String(files.get(f)?.version ?? 0),
  getScriptSnapshot: (f) => {
    const e = files.get(f);
    if (e) return ts.ScriptSnapshot.fromString(e.text);
    return ts.sys.fileExists(f) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(f)!) : undefined;
  },
  getCurrentDirectory: () => process.cwd(),
  getCompilationSettings: () => parsed.options,
  getDefaultLibFileName: ts.getDefaultLibFilePath,
  fileExists: ts.sys.fileExists,
  readFile: ts.sys.readFile,
};
const service = ts.createLanguageService(host);
for (const [file, oldName, newName] of plan) {
  const abs = [...files.keys()].find((f) => f.endsWith(file));
  if (!abs) { console.error('no file', file); continue; }
  const text = files.get(abs)!.text;
  const sf = service.getProgram()!.getSourceFile(abs)!;
  let pos = -1;
  const visit = (n: ts.Node) => {
    if (pos >= 0) return;
    if ((ts.isIdentifier(n) || ts.isPrivateIdentifier(n)) && n.text === oldName) {
      const p = n.parent as ts.Node & { name?: ts.Node };
      if (p && p.name === n) { pos = n.getStart(sf); return; }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  if (pos < 0) { console.error('no declaration', file, oldName); continue; }
  const locs = service.findRenameLocations(abs, pos, false, false, { providePrefixAndSuffixTextForRename: false }) ?? [];
  const byFile = new Map<string, ts.RenameLocation[]>();
  for (const l of locs) byFile.set(l.fileName, [...(byFile.get(l.fileName) ?? []), l]);
  for (const [f, ls] of byFile) {
    const e = files.get(f)!;
    let t = e.text;
    for (const l of ls.sort((a, b) => b.textSpan.start - a.textSpan.start)) {
      t = t.slice(0, l.textSpan.start) + (l.prefixText ?? '') + newName + (l.suffixText ?? '') + t.slice(l.textSpan.start + l.textSpan.length);
    }
    e.text = t;
    e.version++;
  }
  console.log(`${oldName} -> ${newName}: ${locs.length} places in ${byFile.size} files`);
}
for (const [f, e] of files) if (e.version > 0) writeFileSync(f, e.text);
