import type { Locale, Text } from './manifest.js';

/** SHIPSHAPE_LANG wins; otherwise a Chinese system locale (zh_CN.UTF-8, zh-Hans…) picks Chinese. */
export function detectLocale(env: NodeJS.ProcessEnv = process.env): Locale {
  const explicit = env.SHIPSHAPE_LANG;
  if (explicit === 'en' || explicit === 'zh-Hans') return explicit;
  const system = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh/i.test(system) ? 'zh-Hans' : 'en';
}

export function pick(text: Text, locale: Locale): string {
  return text[locale];
}

/**
 * One learner-facing sentence of a verdict or a progress line, in both course languages,
 * written side by side where it is said: `say(\`exited with code ${n}\`, \`退出码是 ${n}\`)`.
 * Both are built from the same values. Terms follow shared/GLOSSARY.md; commands, file names,
 * image names and check ids stay as they are in both.
 */
export function say(en: string, zhHans: string): Text {
  return { en, 'zh-Hans': zhHans };
}

/** Words that read the same in every language: a command, a file name, Docker's or the app's own output. */
export function verbatim(text: string): Text {
  return { en: text, 'zh-Hans': text };
}

/** Sentences joined into one, each language with its own separator (LIST, CLAUSES). */
export function joinSaid(parts: readonly Text[], separator: Text): Text {
  return { en: parts.map((p) => p.en).join(separator.en), 'zh-Hans': parts.map((p) => p['zh-Hans']).join(separator['zh-Hans']) };
}

/** The separators of a list and of a run of clauses, in each language. */
export const LIST: Text = { en: ', ', 'zh-Hans': '、' };
export const CLAUSES: Text = { en: '; ', 'zh-Hans': '；' };

const labels = {
  expected: { en: 'Expected', 'zh-Hans': '期望' },
  actual: { en: 'Seen', 'zh-Hans': '实际' },
  hint: { en: 'Hint', 'zh-Hans': '提示' },
  docs: { en: 'Docs', 'zh-Hans': '文档' },
  passed: { en: 'passed', 'zh-Hans': '通过' },
  failed: { en: 'failed', 'zh-Hans': '未通过' },
  blocked: { en: 'blocked by', 'zh-Hans': '受阻于' },
  internal: { en: 'Shipshape internal error (not your fault; please report it)', 'zh-Hans': 'Shipshape 内部错误（不是你的问题，请反馈给我们）' },
  courseFault: {
    en: 'The course setup failed, not your work (not your fault)',
    'zh-Hans': '出问题的是课程自身的环境，不是你的作业（不是你的问题）',
  },
  moreHints: { en: 'More hints: npm run hint', 'zh-Hans': '更多提示：npm run hint' },
} satisfies Record<string, Text>;

export function label(key: keyof typeof labels, locale: Locale): string {
  return labels[key][locale];
}
