/** The docs stay true: what they list is what the code has. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');

describe('docs/architecture.md', () => {
  const doc = fs.readFileSync(path.join(root, 'docs/architecture.md'), 'utf8');

  it('names every service module', () => {
    const modules = fs
      .readdirSync(path.join(root, 'src/main/services'), { withFileTypes: true })
      .map((e) => (e.isDirectory() ? `${e.name}/` : e.name));
    expect(modules.filter((m) => !doc.includes('`' + m + '`'))).toEqual([]);
  });

  it('says what the command line imports', () => {
    const layers = new Set<string>();
    for (const f of fs.readdirSync(path.join(root, 'src/main/cli'))) {
      const text = fs.readFileSync(path.join(root, 'src/main/cli', f), 'utf8');
      for (const m of text.matchAll(/from '\.\.\/([a-z]+)/g)) layers.add(m[1]!);
    }
    const row = doc.split('\n').find((l) => l.startsWith('| `src/main/cli`'))!;
    const allowed = row.split('|').at(-2)!;
    expect([...layers].filter((l) => !allowed.includes(l))).toEqual([]);
  });
});

describe('README', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

  it('keeps every command inside a code block', () => {
    // Outside the fences, no line may start as a command would.
    let inside = false;
    const loose: string[] = [];
    for (const line of readme.split('\n')) {
      if (line.startsWith('```')) inside = !inside;
      else if (!inside && /^(npm|npx|regulars|node|bash) /.test(line)) loose.push(line);
    }
    expect(inside).toBe(false);
    expect(loose).toEqual([]);
  });

  it('points at example files that exist', () => {
    const files = [...readme.matchAll(/docs\/examples\/[\w.-]+/g)].map((m) => m[0]);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(fs.existsSync(path.join(root, f)), f).toBe(true);
  });
});
