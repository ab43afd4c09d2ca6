import { describe, expect, it } from 'vitest';
import { findSecrets, isSecretName } from './secrets.js';

describe('findSecrets', () => {
  it('passes the environment of a well-built image', () => {
    const env = ['PATH=/usr/local/bin:/usr/bin', 'NODE_VERSION=24.9.0', 'NODE_ENV=production', 'DB_PASSWORD_FILE=/run/secrets/db'];
    const history = ['CMD ["node" "dist/server.js"]', 'RUN /bin/sh -c npm ci --omit=dev # buildkit', 'ARG TOKEN'];
    expect(findSecrets(env, history)).toEqual([]);
  });

  it('flags a password in ENV without printing it', () => {
    const [finding] = findSecrets(['POSTGRES_PASSWORD=hunter2'], []);
    expect(finding?.where.en).toBe('ENV POSTGRES_PASSWORD=hu****');
    expect(finding?.what['zh-Hans']).toBe('环境变量里的凭证');
    expect(JSON.stringify(finding)).not.toContain('hunter2');
  });

  it('flags credentials inside a connection string', () => {
    expect(findSecrets(['DATABASE_URL=postgres://hr:s3cret@db:5432/hr'], [])).toEqual([
      { where: { en: 'ENV DATABASE_URL', 'zh-Hans': 'ENV DATABASE_URL' }, what: { en: 'a URL with a password in it', 'zh-Hans': '带密码的 URL' } },
    ]);
  });

  it('flags build arguments and keys that ended up in the history', () => {
    const history = [
      '|1 NPM_TOKEN=npm_abcdefghijklmnopqrstuvwxyz0123456789 /bin/sh -c npm ci',
      'RUN /bin/sh -c echo "-----BEGIN RSA PRIVATE KEY-----" > /key',
    ];
    const findings = findSecrets([], history);
    expect(findings[0]?.where['zh-Hans']).toBe('构建历史：NPM_TOKEN=np****');
    const whats = findings.map((f) => f.what.en);
    expect(whats).toContain('a credential in a build step');
    expect(whats).toContain('an npm token');
    expect(whats).toContain('a private key');
  });

  it('ignores placeholders that refer to a build argument', () => {
    expect(findSecrets(['API_KEY=${API_KEY}', 'SECRET='], [])).toEqual([]);
  });
});

describe('isSecretName', () => {
  it('knows credentials by the words of their name', () => {
    for (const name of ['POSTGRES_PASSWORD', 'DB_PASS', 'API_KEY', 'apiKey', 'GITHUB_TOKEN', 'JWT_SECRET', 'PRIVATE_KEY', 'SESSION_SECRET']) {
      expect(isSecretName(name), name).toBe(true);
    }
  });

  it('leaves alone what only looks like one, and paths to a secret file', () => {
    for (const name of ['KEYCLOAK_URL', 'MONKEY', 'PORT', 'NODE_ENV', 'POSTGRES_PASSWORD_FILE', 'PASSPORT_STRATEGY']) {
      expect(isSecretName(name), name).toBe(false);
    }
  });
});
