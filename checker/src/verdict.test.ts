import { describe, expect, it } from 'vitest';
import { tail } from './verdict.js';

describe('tail', () => {
  it('keeps the last non-empty lines', () => {
    expect(tail('a\n\nb\r\nc\n', 2)).toEqual(['b', 'c']);
  });

  it('drops the colour and cursor codes compose puts in its logs', () => {
    expect(tail('\u001b[2Kmigrate-1  | \u001b[31mboom\u001b[0m\n')).toEqual(['migrate-1  | boom']);
  });
});
