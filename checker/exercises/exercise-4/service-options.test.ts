import { describe, expect, it } from 'vitest';
import { parseServiceOptions } from './service-options.js';

describe('service options', () => {
  it('reads health flags written with spaces or =, quoted as a shell would', () => {
    const spaced = parseServiceOptions('--health-cmd "pg_isready -U hr" --health-interval 10s --health-timeout 5s --health-retries 5');
    expect(spaced.health).toMatchObject({ test: ['CMD-SHELL', 'pg_isready -U hr'], timeout: 5000 });
    // Polled every two seconds, with retries that cover the learner's 10 s × 5.
    expect(spaced.health).toMatchObject({ interval: 2000, retries: 25 });
    const equals = parseServiceOptions('--health-cmd=pg_isready --health-interval=1s --health-retries=30');
    expect(equals.health).toMatchObject({ test: ['CMD-SHELL', 'pg_isready'], interval: 1000, retries: 30 });
    expect(parseServiceOptions("--health-cmd 'redis-cli ping | grep -q PONG'").health?.test).toEqual(['CMD-SHELL', 'redis-cli ping | grep -q PONG']);
  });

  it('has no health check without --health-cmd, or with NONE', () => {
    expect(parseServiceOptions(undefined).health).toBeUndefined();
    expect(parseServiceOptions('--health-interval 2s').health).toBeUndefined();
    expect(parseServiceOptions('--health-cmd NONE').health).toBeUndefined();
  });

  it('applies -e, refuses what reaches the host, leaves out the rest', () => {
    const parsed = parseServiceOptions('-e A=1 --env B=x=y --privileged -v /:/host --volume data:/var/lib/data --name db --network host --cap-add SYS_ADMIN');
    expect(parsed.env).toEqual({ A: '1', B: 'x=y' });
    expect(parsed.refused).toEqual(['--privileged', '-v /:/host', '--network host', '--cap-add SYS_ADMIN']);
    expect(parsed.ignored).toEqual(['--volume data:/var/lib/data', '--name db']);
  });
});
