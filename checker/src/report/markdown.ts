// The GitHub Actions job summary: learners in Classroom could not find their results in the
// raw log (autograding #33), so every run under Actions appends a table of checks, results
// and points to $GITHUB_STEP_SUMMARY, with the reasons for failures folded underneath.
import { appendFile } from 'node:fs/promises';
import { stripVTControlCharacters } from 'node:util';
import { label, pick } from '../locale.js';
import { findExercise, type Locale } from '../manifest.js';
import { messages } from '../messages.js';
import { summarize, totals, type CheckResult, type RunResult } from '../results.js';
import { checkTitle, failureDetails } from './failure.js';

/** Table cells are one line, and learner text must not become HTML or break the table. */
export function escapeCell(text: string): string {
  return stripVTControlCharacters(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\s*\r?\n\s*/g, ' ')
    .trim();
}

const marks: Record<CheckResult['status'], string> = { passed: '✅', failed: '❌', error: '💥', skipped: '➖' };

function resultCell(result: CheckResult, locale: Locale): string {
  const m = messages(locale);
  const words = { passed: label('passed', locale), failed: label('failed', locale), error: m.statusError, skipped: m.statusSkipped };
  const word = words[result.status];
  return `${marks[result.status]} ${word}`;
}

/** A fenced block long enough that no run of backticks in the learner's text can close it. */
function fence(raw: string): string {
  const text = stripVTControlCharacters(raw);
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}text\n${text}\n${ticks}`;
}

function exerciseSection(run: RunResult, locale: Locale): string {
  const exercise = findExercise(run.exerciseId);
  const s = summarize(run.checks);
  const title = exercise ? `${run.exerciseId} · ${pick(exercise.title, locale)}` : run.exerciseId;
  const m = messages(locale);
  const head = [m.colCheck, m.colResult, m.colPoints];
  const rows = run.checks.map(
    (c) => `| \`${c.id}\` ${escapeCell(checkTitle(exercise, c, locale))} | ${resultCell(c, locale)} | ${c.points}/${c.maxPoints} |`,
  );
  const out = [
    `### ${escapeCell(title)}${m.colon}${s.points}/${s.maxPoints}`,
    '',
    `| ${head.join(' | ')} |`,
    '| --- | --- | ---: |',
    ...rows,
    '',
    `**${m.summaryCounts(s.passed, s.failed)} · ${s.points}/${s.maxPoints}**`,
  ];
  for (const error of run.errors) out.push('', `> 💥 ${escapeCell(label('internal', locale))}`, '', fence(error));
  const failing = run.checks.filter((c) => c.status === 'failed' || c.status === 'error');
  if (failing.length > 0) {
    out.push('', `<details><summary>${m.whyFailed}</summary>`, '');
    for (const c of failing) out.push(`**\`${c.id}\`**`, '', fence(failureDetails(exercise, c, locale)), '');
    out.push('</details>');
  }
  return out.join('\n');
}

export function toMarkdownSummary(runs: RunResult[], { locale = 'en' }: { locale?: Locale } = {}): string {
  const sections = runs.map((r) => exerciseSection(r, locale));
  if (runs.length > 1) {
    const t = totals(runs);
    const m = messages(locale);
    sections.push(`**${m.allSummary}${m.colon}${m.summaryCounts(t.passed, t.failed)} · ${t.points}/${t.maxPoints}**`);
  }
  return `## Shipshape\n\n${sections.join('\n\n')}\n`;
}

/** Appends to the job summary when running under GitHub Actions; does nothing elsewhere. */
export async function appendStepSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  await appendFile(file, `${markdown}\n`);
  return true;
}
