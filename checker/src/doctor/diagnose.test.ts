import { describe, expect, it } from 'vitest';
import { atLeast, diagnose, type MachineFacts } from './diagnose.js';

const GB = 1024 ** 3;

/** A machine that can run the course: every finding passes. */
const healthy: MachineFacts = {
  nodeVersion: '24.9.0',
  nodeRequired: '22.22',
  dockerCli: 'Docker version 27.3.1, build ce12230',
  engine: { version: '27.3.1', apiVersion: '1.47', memBytes: 8 * GB, cpus: 4, rootDir: '/var/lib/docker', mirrors: [], proxies: [] },
  composeVersion: '2.29.7',
  buildxVersion: '0.17.1',
  freeDiskBytes: 50 * GB,
  images: [{ ref: 'postgres:15-bookworm', state: 'pulled' }],
  registryAnswers: true,
  wsl: false,
  cwd: '/home/learner/shipshape',
};

const statuses = (facts: MachineFacts) => diagnose(facts).map((f) => [f.status, f.what.en] as const);
const failing = (facts: MachineFacts) => diagnose(facts).filter((f) => f.status !== 'pass');

describe('npm run doctor', () => {
  it('passes a machine that can run the course, line by line', () => {
    const found = diagnose(healthy);
    expect(found.every((f) => f.status === 'pass')).toBe(true);
    expect(found.map((f) => f.what.en)).toEqual([
      'Node.js 24.9.0 (the course needs 22.22 or newer)',
      'Docker engine 27.3.1, API 1.47',
      '8.0 GB of memory and 4 CPUs for containers',
      'docker compose 2.29.7',
      'BuildKit, through buildx 0.17.1',
      '50.0 GB free for images and volumes',
      'every course image is here (1)',
      'Docker Hub answers',
    ]);
  });

  it('fails an old Node and a missing or silent Docker, each with its fix in both languages', () => {
    const old = failing({ ...healthy, nodeVersion: '20.20.2' });
    expect(old).toMatchObject([{ status: 'fail', fix: { en: expect.stringContaining('Node.js 24') } }]);
    const { dockerCli: _cli, engine: _engine, ...noDocker } = healthy;
    expect(failing(noDocker).map((f) => f.what.en)).toEqual(['no docker command on PATH']);
    const { engine: _stopped, ...silent } = healthy;
    const stopped = failing(silent);
    expect(stopped).toHaveLength(1);
    expect(stopped[0]).toMatchObject({ status: 'fail', what: { en: expect.stringContaining('does not answer') } });
    expect(stopped[0]?.fix?.['zh-Hans']).toContain('systemctl start docker');
  });

  it('fails what the checker cannot work without: compose, buildx, BuildKit switched off, a full disk', () => {
    const { composeVersion: _c, buildxVersion: _b, ...bare } = healthy;
    expect(failing(bare).map((f) => [f.status, f.what.en])).toEqual([
      ['fail', 'no docker compose (v2 plugin)'],
      ['fail', 'no docker buildx plugin'],
    ]);
    expect(failing({ ...healthy, buildkitEnv: '0' })[0]?.what.en).toBe('DOCKER_BUILDKIT=0 switches BuildKit off');
    expect(failing({ ...healthy, freeDiskBytes: 2 * GB })[0]?.status).toBe('fail');
    expect(failing({ ...healthy, freeDiskBytes: 6 * GB })[0]?.status).toBe('warn');
  });

  it('warns about what slows or blocks the course without stopping it', () => {
    const tight = { ...healthy, engine: { ...healthy.engine!, memBytes: 2 * GB, cpus: 1 } };
    expect(statuses(tight)[2]?.[0]).toBe('warn');
    expect(failing({ ...healthy, composeVersion: '2.17.2' })[0]?.status).toBe('warn');
    const offline = failing({ ...healthy, registryAnswers: false, images: [{ ref: 'postgres:15-bookworm', state: 'missing' }] });
    expect(offline.map((f) => f.status)).toEqual(['warn', 'warn']);
    expect(offline[0]?.fix?.en).toContain('npm run images');
    const proxied = failing({ ...healthy, shellProxy: 'http://proxy.example:3128', noProxy: 'example.com' });
    expect(proxied[0]?.fix?.en).toContain('NO_PROXY');
    expect(failing({ ...healthy, shellProxy: 'http://proxy.example:3128', noProxy: 'example.com,localhost' })).toEqual([]);
    expect(failing({ ...healthy, wsl: true, cwd: '/mnt/c/Users/learner/shipshape' })[0]?.fix?.en).toContain('inside WSL');
    expect(failing({ ...healthy, wsl: true })).toEqual([]);
  });

  it('counts a registry mirror that answers as a way to pull, where Docker Hub does not answer directly', () => {
    const engine = { ...healthy.engine!, mirrors: ['https://mirror.example'] };
    const missing = [{ ref: 'postgres:15-bookworm', state: 'missing' as const }];
    const viaMirror = diagnose({ ...healthy, engine, registryAnswers: false, mirrorsAnswering: ['https://mirror.example'], images: missing });
    expect(viaMirror.every((f) => f.status === 'pass')).toBe(true);
    expect(viaMirror.map((f) => f.what.en)).toContain('Docker Hub does not answer directly, but the engine pulls through https://mirror.example, which answers');
    const silent = failing({ ...healthy, engine, registryAnswers: false, images: missing });
    expect(silent.map((f) => f.what.en)).toContain('neither Docker Hub nor the registry mirror (https://mirror.example) answers within a few seconds');
    expect(silent.find((f) => f.what.en.startsWith('neither'))?.fix?.en).toContain('registry-mirrors');
  });

  it('says where images came from: stand-ins, or pulled later when Docker Hub answers', () => {
    const standIns = diagnose({ ...healthy, images: [{ ref: 'a:1', state: 'stand-in' }, { ref: 'b:1', state: 'pulled' }] });
    expect(standIns.find((f) => f.what.en.startsWith('every course image'))?.what.en).toBe('every course image is here (2, 1 of them stand-ins built here)');
    const later = diagnose({ ...healthy, images: [{ ref: 'a:1', state: 'missing' }] });
    expect(later.find((f) => f.what.en.includes('not here yet'))?.status).toBe('pass');
  });

  it('compares versions part by part', () => {
    expect(atLeast('24.9.0', '22.22')).toBe(true);
    expect(atLeast('22.9.0', '22.22')).toBe(false);
    expect(atLeast('20.10.24+dfsg1', '20.10')).toBe(true);
    expect(atLeast('v2.5', '2.20')).toBe(false);
  });
});
