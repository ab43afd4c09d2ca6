import { describe, expect, it } from 'vitest';
import { codeSpans } from './codeSpans';

describe('codeSpans', () => {
  it('turns backticked words into code and leaves the rest as text', () => {
    expect(codeSpans('Call `collectDefaultMetrics({ register: registry })` once.')).toEqual([
      { text: 'Call ', code: false },
      { text: 'collectDefaultMetrics({ register: registry })', code: true },
      { text: ' once.', code: false },
    ]);
    expect(codeSpans('`a` and `b`')).toEqual([
      { text: 'a', code: true },
      { text: ' and ', code: false },
      { text: 'b', code: true },
    ]);
  });

  it('keeps a lone backtick and text without any as they are', () => {
    expect(codeSpans('plain')).toEqual([{ text: 'plain', code: false }]);
    expect(codeSpans('a ` b')).toEqual([{ text: 'a ` b', code: false }]);
  });
});
