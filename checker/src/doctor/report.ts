import { chalk } from 'zx';
import type { Locale } from '../manifest.js';
import type { Finding } from './diagnose.js';

const MARK = { pass: chalk.green('✓'), warn: chalk.yellow('!'), fail: chalk.red('✗') } as const;

/** One line per finding, its fix indented below it, and a last line that sums it up. */
export function formatFindings(findings: readonly Finding[], locale: Locale): string {
  const lines = findings.flatMap((f) => [`${MARK[f.status]} ${f.what[locale]}`, ...(f.fix && f.status !== 'pass' ? [chalk.dim(`    → ${f.fix[locale]}`)] : [])]);
  const fails = findings.filter((f) => f.status === 'fail').length;
  const warns = findings.filter((f) => f.status === 'warn').length;
  const summary =
    fails > 0
      ? locale === 'zh-Hans'
        ? chalk.red(`这台机器还跑不了课程：${fails} 项要先解决。`)
        : chalk.red(`This machine cannot run the course yet: ${fails} thing${fails === 1 ? '' : 's'} to fix first.`)
      : warns > 0
        ? locale === 'zh-Hans'
          ? chalk.yellow(`这台机器可以跑课程，有 ${warns} 项值得留意。`)
          : chalk.yellow(`This machine can run the course; ${warns} thing${warns === 1 ? '' : 's'} worth a look.`)
        : locale === 'zh-Hans'
          ? chalk.green('这台机器可以跑课程。')
          : chalk.green('This machine can run the course.');
  return [...lines, '', summary].join('\n');
}
