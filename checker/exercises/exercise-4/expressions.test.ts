import { describe, expect, it } from 'vitest';
import { COMMIT_SHA, conditionHolds, inputIsTrue, interpolate, runContexts } from './expressions.js';

const push = runContexts('push');
const pr = runContexts('pull_request');

describe('expressions', () => {
  it('interpolates contexts into a value', () => {
    expect(interpolate('ghcr.io/${{ github.repository }}:${{ github.sha }}', push)).toBe(`ghcr.io/learner/hr-api:${COMMIT_SHA}`);
    expect(interpolate('${{ github.workflow }}-${{ github.head_ref || github.ref }}', pr)).toBe('CI-feature/new-report');
  });

  it('decides push: inputs per event', () => {
    const push_ = "${{ github.event_name == 'push' && github.ref == 'refs/heads/main' }}";
    expect(inputIsTrue(push_, push)).toBe(true);
    expect(inputIsTrue(push_, pr)).toBe(false);
    expect(inputIsTrue("${{ github.event_name != 'pull_request' }}", pr)).toBe(false);
    expect(inputIsTrue('true', pr)).toBe(true);
  });

  it('decides if: with or without ${{ }}, absent meaning success()', () => {
    expect(conditionHolds(undefined, pr)).toBe(true);
    expect(conditionHolds("github.ref == 'refs/heads/main'", push)).toBe(true);
    expect(conditionHolds("${{ github.ref == 'refs/heads/main' }}", pr)).toBe(false);
    expect(conditionHolds("success() && github.event_name == 'push'", pr)).toBe(false);
    expect(conditionHolds("env.PUSH == 'true'", runContexts('push', { env: { PUSH: 'true' } }))).toBe(true);
    expect(conditionHolds("startsWith(github.ref, 'refs/tags/')", push)).toBe(false);
  });

  it('reports an expression GitHub could not evaluate', () => {
    expect(() => interpolate('${{ github.sha ==  }}', push)).toThrow();
  });
});
