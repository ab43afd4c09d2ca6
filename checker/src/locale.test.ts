import { describe, expect, it } from 'vitest';
import { detectLocale } from './locale.js';

describe('detectLocale', () => {
  it('prefers SHIPSHAPE_LANG, then a Chinese system locale, else English', () => {
    expect(detectLocale({ SHIPSHAPE_LANG: 'en', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(detectLocale({ LANG: 'zh_CN.UTF-8' })).toBe('zh-Hans');
    expect(detectLocale({ LC_ALL: 'zh_TW.UTF-8', LANG: 'en_US.UTF-8' })).toBe('zh-Hans');
    expect(detectLocale({ LANG: 'de_DE.UTF-8' })).toBe('en');
    expect(detectLocale({})).toBe('en');
  });
});
