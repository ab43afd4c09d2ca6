import { describe, expect, it } from 'vitest';
import { applyFilePatch, applyWhatFits, createFilePatch, parseFilePatch, PatchError, patchedPath } from './patches.js';

const base = ['import express from "express";', '', 'export function createApp() {', '  const app = express();', '  return app;', '}', ''].join('\n');

// Written as `diff -u` writes it, so the format an author pastes in is the one tested.
const addJson = `--- service/src/app.ts\t2025-01-01 00:00:00
+++ edited/src/app.ts\t2025-01-01 00:00:00
@@ -2,5 +2,6 @@
 
 export function createApp() {
   const app = express();
+  app.use(express.json());
   return app;
 }
`;

/** Thirty lines and a patch with a hunk near each end. */
const numbered = Array.from({ length: 30 }, (_, i) => `line ${i + 1}\n`).join('');
const twoHunks = createFilePatch(
  'notes.txt',
  numbered,
  numbered.replace('line 3\n', 'line 3 edited\n').replace('line 27\n', 'line 27 edited\n'),
);

const withJson = base.replace('  return app;', '  app.use(express.json());\n  return app;');

describe('applyFilePatch', () => {
  it('applies a diff -u patch', () => {
    expect(applyFilePatch(base, addJson)).toBe(withJson);
  });

  it('applies a git diff patch', () => {
    const git = `diff --git a/src/app.ts b/src/app.ts\nindex 3b18e51..a9c2d1f 100644\n${addJson.replace(/^--- .*\n\+\+\+ .*\n/, '--- a/src/app.ts\n+++ b/src/app.ts\n')}`;
    expect(applyFilePatch(base, git)).toBe(withJson);
  });

  it('still applies when the file below grew above the hunk: a fix there flows through', () => {
    const grown = `// a fix made in service/\n${base}`;
    expect(applyFilePatch(grown, addJson)).toBe(`// a fix made in service/\n${withJson}`);
  });

  it('refuses when the lines the hunk edits changed, naming the hunk', () => {
    const changed = base.replace('  const app = express();', '  const app = express().disable("x-powered-by");');
    expect(() => applyFilePatch(changed, addJson)).toThrow(PatchError);
    expect(() => applyFilePatch(changed, addJson)).toThrow('its hunk (@@ -2,5 +2,6 @@) no longer matches');
  });

  it('names which hunk of several no longer matches', () => {
    const moved = numbered.replace('line 26\n', 'line 26 changed below\n');
    expect(() => applyFilePatch(moved, twoHunks)).toThrow('hunk 2 of 2 (@@ -24,7 +24,7 @@) no longer matches');
  });
});

describe('parseFilePatch', () => {
  it('refuses a diff of two files', () => {
    const two = addJson + addJson.replaceAll('app.ts', 'server.ts');
    expect(() => parseFilePatch(two)).toThrow('a diff of 2 files');
  });

  it('refuses a patch that creates a file', () => {
    expect(() => parseFilePatch('--- /dev/null\n+++ b/new.ts\n@@ -0,0 +1 @@\n+x\n')).toThrow('creates a file');
  });

  it('refuses text with no hunks', () => {
    expect(() => parseFilePatch('just some notes\n')).toThrow(PatchError);
  });
});

describe('createFilePatch', () => {
  it('makes a patch that turns the base into the edited file', () => {
    const patch = createFilePatch('src/app.ts', base, withJson);
    expect(patch).toMatch(/^--- a\/src\/app\.ts\n\+\+\+ b\/src\/app\.ts\n@@/);
    expect(applyFilePatch(base, patch)).toBe(withJson);
  });
});

describe('applyWhatFits', () => {
  it('keeps the hunks that still fit and hands back the others', () => {
    const moved = numbered.replace('line 26\n', 'line 26 changed below\n');
    const { text, misfits } = applyWhatFits(moved, twoHunks);
    expect(text).toContain('line 3 edited');
    expect(text).not.toContain('line 27 edited');
    expect(misfits).toHaveLength(1);
    expect(misfits[0]).toContain('+line 27 edited');
  });
});

describe('patchedPath', () => {
  it('is the path without .patch', () => {
    expect(patchedPath('src/app.ts.patch')).toBe('src/app.ts');
  });
});
