import { describe, expect, it } from 'vitest';
import { upFailureReason } from './compose.js';

describe('upFailureReason', () => {
  it("skips compose's progress lines for the line that says what went wrong", () => {
    const message = [
      ' Network shipshape-abc_default  Creating',
      ' Network shipshape-abc_default  Created',
      ' Container shipshape-abc-db-1  Started',
      ' Container shipshape-abc-app-1  Waiting',
      'container shipshape-abc-app-1 is unhealthy',
    ].join('\n');
    expect(upFailureReason(message)).toBe('container shipshape-abc-app-1 is unhealthy');
  });

  it('falls back to the last line, without colour codes', () => {
    expect(upFailureReason('\u001b[32m Container x  Started\u001b[0m\n Container y  Started\n')).toBe('Container y  Started');
  });
});
