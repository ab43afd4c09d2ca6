import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { $ } from 'zx';

const doctor = fileURLToPath(new URL('./doctor.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));

describe('npm run doctor on this machine', () => {
  it('says the machine can run the course, exit 0, with the engine it has', async () => {
    const res = await $({ nothrow: true, env: { ...process.env, SHIPSHAPE_LANG: 'en', FORCE_COLOR: '0' } })`${tsx} ${doctor}`;
    expect(res.stdout).toMatch(/✓ Docker engine \d+\.\d+/);
    expect(res.stdout).toContain('This machine can run the course');
    expect(res.exitCode).toBe(0);
  });

  it('fails, exit 1, with the fix, when the engine does not answer', async () => {
    const env = { ...process.env, SHIPSHAPE_LANG: 'zh-Hans', FORCE_COLOR: '0', DOCKER_HOST: 'unix:///nonexistent/docker.sock' };
    const res = await $({ nothrow: true, env })`${tsx} ${doctor}`;
    expect(res.stdout).toContain('但 Docker 引擎没有响应');
    expect(res.stdout).toContain('sudo systemctl start docker');
    expect(res.stdout).toContain('这台机器还跑不了课程');
    expect(res.exitCode).toBe(1);
  });
});
