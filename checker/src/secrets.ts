// What counts as a secret, in one place: the image checks, the compose checks and the
// checker's own stack environment all ask this module.
import { say, verbatim } from './locale.js';
import type { Text } from './manifest.js';

/** Words of a variable name that say "this is a credential" (POSTGRES_PASSWORD, API_KEY, GITHUB_TOKEN). */
const SECRET_WORDS = new Set(['password', 'passwd', 'pass', 'pwd', 'secret', 'token', 'key', 'apikey', 'credential', 'credentials']);

/**
 * A variable that holds a credential by its name. `*_FILE` variables hold a path to one, which
 * is the right way; KEYCLOAK_URL or MONKEY are not keys.
 */
export function isSecretName(name: string): boolean {
  if (/_FILE$/i.test(name)) return false;
  const words = name.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  return words.some((w) => SECRET_WORDS.has(w) || /passw(or)?d|secret|token/.test(w));
}

/** A URL with a user and a password (postgres://hr:s3cret@db/hr); group 1 is the password. */
export const URL_WITH_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:([^\s@/]+)@/i;

const SECRET_VALUE: { what: Text; pattern: RegExp }[] = [
  { what: say('a URL with a password in it', '带密码的 URL'), pattern: URL_WITH_PASSWORD },
  { what: say('an AWS access key id', 'AWS 访问密钥 ID'), pattern: /\bAKIA[0-9A-Z]{16}\b/ },
  { what: say('a private key', '私钥'), pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { what: say('a GitHub token', 'GitHub 令牌'), pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}\b/ },
  { what: say('an npm token', 'npm 令牌'), pattern: /\bnpm_[A-Za-z0-9]{30,}\b/ },
];

/** A secret-looking value, in both languages, as a verdict shows it. */
export interface SecretFinding {
  /** e.g. `ENV POSTGRES_PASSWORD=hu****`, `build history: NPM_TOKEN=np****`. */
  where: Text;
  what: Text;
}

function mask(value: string): string {
  return value.length <= 4 ? '****' : `${value.slice(0, 2)}****`;
}

/** A placeholder, not a secret: empty, or a reference to a variable (${API_KEY}, $TOKEN, ${PW:?set it}). */
export function isPlaceholder(value: string): boolean {
  return value === '' || /^\$\{[^}]*\}$|^\$\w+$/.test(value);
}

function looksLikeSecretAssignment(name: string, value: string): boolean {
  return isSecretName(name) && !isPlaceholder(value);
}

function valueFindings(text: string, where: Text): SecretFinding[] {
  return SECRET_VALUE.filter(({ pattern }) => pattern.test(text)).map(({ what }) => ({ where, what }));
}

/** Secret-looking values in an image's environment and in the commands that built its layers. */
export function findSecrets(env: string[], history: string[]): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const entry of env) {
    const eq = entry.indexOf('=');
    const name = entry.slice(0, eq);
    const value = entry.slice(eq + 1);
    if (looksLikeSecretAssignment(name, value)) {
      const where = `ENV ${name}=${mask(value)}`;
      findings.push({ where: verbatim(where), what: say('a credential in an environment variable', '环境变量里的凭证') });
    }
    findings.push(...valueFindings(value, verbatim(`ENV ${name}`)));
  }
  for (const line of history) {
    const short = line.replace(/\s+/g, ' ').slice(0, 80);
    // ARG values show up in history as `|1 NAME=value /bin/sh -c ...`, ENV as `ENV NAME=value`.
    for (const match of line.matchAll(/\b([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|\S+)/g)) {
      const [, name, raw] = match as unknown as [string, string, string];
      const value = raw.replace(/^["']|["']$/g, '');
      if (looksLikeSecretAssignment(name, value)) {
        const assignment = `${name}=${mask(value)}`;
        findings.push({ where: say(`build history: ${assignment}`, `构建历史：${assignment}`), what: say('a credential in a build step', '构建步骤里的凭证') });
      }
    }
    findings.push(...valueFindings(line, say(`build history: ${short}`, `构建历史：${short}`)));
  }
  // One finding per place is enough to act on.
  return findings.filter((f, i) => findings.findIndex((g) => g.where.en === f.where.en) === i);
}
