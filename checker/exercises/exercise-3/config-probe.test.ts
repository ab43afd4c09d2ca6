import { describe, expect, it } from 'vitest';
import { names } from './config-probe.js';

describe('names', () => {
  it('finds a variable named in a message, whatever surrounds it', () => {
    expect(names('  - DATABASE_URL: must be a postgres:// URL', 'DATABASE_URL')).toBe(true);
    expect(names('invalid: PORT, LOG_LEVEL', 'PORT')).toBe(true);
    expect(names('"LOG_LEVEL"', 'LOG_LEVEL')).toBe(true);
  });

  it('does not take a longer name, or a word inside one, for the variable', () => {
    expect(names('DATABASE_URL_FILE: cannot read it', 'DATABASE_URL')).toBe(false);
    expect(names('REPORT_PORT is wrong', 'PORT')).toBe(false);
    expect(names('port must be a number', 'PORT')).toBe(false);
  });
});
