import { describe, expect, it } from 'vitest';
import { ago, messages } from './messages.js';

describe('messages', () => {
  it('has every sentence in both languages', () => {
    expect(Object.keys(messages('zh-Hans')).sort()).toEqual(Object.keys(messages('en')).sort());
  });

  it('says how long ago a run was', () => {
    const now = new Date('2026-11-24T10:00:00Z');
    const before = (minutes: number): Date => new Date(now.getTime() - minutes * 60_000);
    expect([0, 5, 90, 3 * 24 * 60].map((m) => ago(before(m), now, 'en'))).toEqual(['just now', '5 min ago', '1 h ago', '3 days ago']);
    expect(ago(before(5), now, 'zh-Hans')).toBe('5 分钟前');
  });
});
