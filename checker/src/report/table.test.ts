import { describe, expect, it } from 'vitest';
import { displayWidth, formatTable } from './table.js';

describe('terminal table', () => {
  it('counts Chinese as two columns and colour codes as none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('容器化 API')).toBe(10);
    expect(displayWidth('\u001b[32m✓ 通过\u001b[39m')).toBe(6);
  });

  it('aligns columns by display width and leaves no trailing spaces', () => {
    const text = formatTable([
      ['id', '标题', 'x'],
      ['exercise-10', 'ab', ''],
    ], '');
    expect(text).toBe('id           标题  x\nexercise-10  ab');
  });
});
