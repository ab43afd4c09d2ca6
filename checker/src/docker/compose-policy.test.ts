import { describe, expect, it } from 'vitest';
import type { ComposeConfig } from './compose.js';
import { hostileSettings } from './compose-policy.js';

const dir = '/home/learner/shipshape/exercises/exercise-2';

// What `docker compose config --format json` resolves each file to; the source gives lines.
function check(services: ComposeConfig['services'], source: string, volumes: ComposeConfig['volumes'] = {}) {
  return hostileSettings({ services, volumes }, [{ file: 'compose.yaml', source }], dir);
}

describe('hostileSettings', () => {
  it('accepts an ordinary stack with a bind mount inside the folder', () => {
    const findings = check(
      {
        app: { build: { context: dir }, volumes: [{ type: 'bind', source: `${dir}/src`, target: '/app/src' }] },
        db: { image: 'postgres:15-bookworm', volumes: [{ type: 'volume', source: 'db-data', target: '/var/lib/postgresql/data' }] },
      },
      'services:\n  app:\n    build: .\n  db:\n    image: postgres:15-bookworm\n',
    );
    expect(findings).toEqual([]);
  });

  it.each([
    ['privileged', { privileged: true }, 'privileged: true'],
    ['network_mode', { network_mode: 'host' }, 'network_mode: host'],
    ['pid', { pid: 'host' }, 'pid: host'],
    ['ipc', { ipc: 'host' }, 'ipc: host'],
    ['cap_add', { cap_add: ['SYS_ADMIN'] }, 'cap_add: [SYS_ADMIN]'],
    ['devices', { devices: [{ source: '/dev/kmsg', target: '/dev/kmsg' }] }, 'devices: ["/dev/kmsg"]'],
    ['security_opt', { security_opt: ['seccomp:unconfined'] }, 'security_opt: ["seccomp:unconfined"]'],
  ])('refuses %s and names its line', (setting, service, yamlLine) => {
    const source = `services:\n  app:\n    image: node:24\n    ${yamlLine}\n`;
    const [finding] = check({ app: { image: 'node:24', ...service } }, source);
    expect(finding).toMatchObject({ service: 'app', setting, line: 4 });
  });

  it('refuses the Docker socket and host paths outside the folder', () => {
    const source = 'services:\n  app:\n    image: x\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n      - /etc:/host-etc\n      - ../../:/up\n';
    const findings = check(
      {
        app: {
          image: 'x',
          volumes: [
            { type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock' },
            { type: 'bind', source: '/etc', target: '/host-etc' },
            { type: 'bind', source: '/work', target: '/up' },
          ],
        },
      },
      source,
    );
    expect(findings.map((f) => f.why.en)).toEqual([
      expect.stringContaining('control of Docker itself'),
      expect.stringContaining('/etc, outside'),
      expect.stringContaining('/work, outside'),
    ]);
    expect(findings.every((f) => f.line === 4)).toBe(true);
  });

  it('refuses a volume whose driver binds a host path, and a build context outside', () => {
    const findings = check(
      { app: { build: { context: '/' } } },
      'services:\n  app:\n    build: /\nvolumes:\n  data:\n    driver_opts: { type: none, o: bind, device: / }\n',
      { data: { driver_opts: { type: 'none', o: 'bind', device: '/' } } },
    );
    expect(findings.map((f) => [f.setting, f.line])).toEqual([
      ['build', 3],
      ['driver_opts', 6],
    ]);
  });

  it('refuses a secret or config file outside the folder, and allows one inside', () => {
    const base = 'services:\n  app:\n    image: x\n';
    const prod = 'services:\n  app:\n    secrets: [pw]\nsecrets:\n  pw:\n    file: /etc/hostname\n  ok:\n    file: ./secrets/pw.txt\n';
    const findings = hostileSettings(
      { services: { app: { image: 'x' } }, secrets: { pw: { file: '/etc/hostname' }, ok: { file: `${dir}/secrets/pw.txt` } } },
      [
        { file: 'compose.yaml', source: base },
        { file: 'compose.prod.yaml', source: prod },
      ],
      dir,
    );
    expect(findings).toMatchObject([{ service: 'secrets.pw', setting: 'file', file: 'compose.prod.yaml', line: 6 }]);
    expect(findings[0]!.why.en).toContain('/etc/hostname, outside the exercise folder');
  });

  it('points at the last of several files that writes a setting', () => {
    const base = 'services:\n  app:\n    image: x\n    privileged: true\n';
    const override = '# development\nservices:\n  app:\n    privileged: true\n';
    const findings = hostileSettings(
      { services: { app: { image: 'x', privileged: true } } },
      [
        { file: 'compose.yaml', source: base },
        { file: 'compose.override.yaml', source: override },
      ],
      dir,
    );
    expect(findings).toMatchObject([{ setting: 'privileged', file: 'compose.override.yaml', line: 4 }]);
  });
});
