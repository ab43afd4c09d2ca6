// Learner-facing sentences of the grading experience (watch, progress, hints, summaries), in
// both course languages. The English object defines the shape, so a missing translation is a
// type error. Terms follow shared/GLOSSARY.md; commands, ids and paths stay untranslated.
import type { Locale } from './manifest.js';

const en = {
  // watch mode
  watching: (dir: string) => `Watching ${dir} — save a file to re-run, Ctrl-C to stop`,
  watchingEnter: 'Press Enter to re-run now.',
  changed: (file: string) => `${file} changed — checking again…`,
  changedMany: (file: string, more: number) => `${file} and ${more} more changed — checking again…`,
  rerunRequested: 'Checking again…',
  savedDuringRun: 'Saved while checking: will check again as soon as this run finishes.',
  wslPolling: 'WSL detected: watching by polling, because file events do not reliably reach Linux from Windows folders.',
  wslMnt: (dir: string) =>
    `${dir} is on the Windows drive (/mnt/…): saves there may be missed or seen late, and Docker builds are slower. ` +
    'Clone the course inside the Linux file system (for example ~/shipshape) for a better experience.',
  watchOneExercise: 'Watch mode follows one exercise at a time: name one, e.g. `npm run check exercise-1 -- --watch`.',
  watchFailed: (message: string) => `Could not watch the folder: ${message}`,
  stopped: 'Stopped watching.',
  interrupting: (signal: string) => `${signal}: stopping and removing this run's containers…`,
  // progress record
  recordUnreadable: (moved: string) => `Your progress file could not be read, so it starts over; the old one is kept as ${moved}.`,
  recordNotSaved: (message: string) => `Could not save your progress (${message}); the check itself ran normally.`,
  // check all
  allSummary: 'All exercises',
  summaryCounts: (passed: number, failed: number) => `${passed} passed, ${failed} failed`,
  summaryPoints: (points: number, maxPoints: number, seconds: number) => ` · ${points}/${maxPoints} points · ${seconds.toFixed(1)} s`,
  // reports
  colCheck: 'Check',
  colResult: 'Result',
  statusError: 'internal error',
  statusSkipped: 'skipped',
  whyFailed: 'Why checks failed',
  missingDirs: (dirs: string[]) => `These folders do not exist, so there is nothing to check:\n${dirs.map((d) => `  - ${d}`).join('\n')}`,
  // npm run progress
  colExercise: 'Exercise',
  colStatus: 'Status',
  colChecks: 'Checks',
  colPoints: 'Points',
  colLastRun: 'Last run',
  statusPassed: 'passed',
  statusFailed: 'failed',
  statusNeverRun: 'never run',
  checksOf: (passed: number, total: number) => `${passed} of ${total}`,
  progressTotals: (passed: number, total: number, points: number, maxPoints: number) =>
    `${passed} of ${total} exercises passed · ${points}/${maxPoints} points`,
  progressNext: (id: string) => `Next: npm run check ${id}`,
  progressDone: 'Every exercise passes. Well done!',
  progressScope: 'Only runs against your own exercises/ folder count here; --solution and --dir runs do not.',
  // relative times
  justNow: 'just now',
  minutesAgo: (n: number) => `${n} min ago`,
  hoursAgo: (n: number) => `${n} h ago`,
  daysAgo: (n: number) => `${n} ${n === 1 ? 'day' : 'days'} ago`,
  // npm run hint
  hintUsage: 'Usage: npm run hint exercise-N [check-id]',
  hintNeverRun: (id: string) =>
    `You have not checked ${id} yet. Run \`npm run check ${id}\` first: its result tells which hint you need.`,
  hintAllPassed: (id: string) =>
    `Every check of ${id} passed in your last run, so there is nothing to hint. ` +
    `To read a check's hints anyway: \`npm run hint ${id} <check-id>\`.`,
  hintInternalOnly: (id: string) =>
    `Your last run of ${id} ended in a Shipshape internal error, not in a failed check. Run \`npm run check ${id}\` again; if it repeats, please report it.`,
  hintLastRun: (when: string, passed: number, total: number) => `From your last run (${when}): ${passed} of ${total} checks passed.`,
  hintStale: (id: string) => `You have saved files since then: run \`npm run check ${id}\` to see where you stand now.`,
  colon: ': ',
  hintFirstFailing: 'First failing check',
  hintForCheck: 'Hints for check',
  hintNumber: (n: number, total: number) => `Hint ${n} of ${total}`,
  hintMore: (id: string, left: number, checkArg: string) =>
    `Run \`npm run hint ${id}${checkArg}\` again for the next hint (${left} more).`,
  hintLast: 'That was the last hint for this check.',
  hintExhausted: (total: number) => `You have seen ${total === 1 ? 'the only hint' : `all ${total} hints`} for this check:`,
  hintDocs: (url: string) => `Read this part of the docs: ${url}`,
  hintSolution: (id: string) =>
    `Still stuck? Compare with the reference solution in solutions/${id}:\n  git diff --no-index exercises/${id} solutions/${id}`,
  unknownCheck: (id: string, checks: string[]) => `${id} has no check called that. Its checks: ${checks.join(', ')}`,
  unknownExercise: (id: string, ids: string[]) => `No exercise called "${id}". Exercises: ${ids.join(', ')}`,
};

export type Messages = typeof en;

const zhHans: Messages = {
  watching: (dir) => `正在监视 ${dir}：保存文件即可重新检查，按 Ctrl-C 退出`,
  watchingEnter: '按回车键立即重新检查。',
  changed: (file) => `${file} 已修改，重新检查…`,
  changedMany: (file, more) => `${file} 等 ${more + 1} 个文件已修改，重新检查…`,
  rerunRequested: '重新检查…',
  savedDuringRun: '检查进行中有文件被保存：本轮结束后会立即再检查一次。',
  wslPolling: '检测到 WSL：改用轮询方式监视文件，因为 Windows 目录里的文件事件无法可靠地传到 Linux。',
  wslMnt: (dir) =>
    `${dir} 位于 Windows 磁盘（/mnt/…）上：在那里保存文件可能不会被及时察觉，Docker 构建也更慢。` +
    '建议把课程克隆到 Linux 文件系统里（例如 ~/shipshape）。',
  watchOneExercise: '监视模式一次只跟踪一个练习：请指定一个，例如 `npm run check exercise-1 -- --watch`。',
  watchFailed: (message) => `无法监视该目录：${message}`,
  stopped: '已停止监视。',
  interrupting: (signal) => `${signal}：正在停止并删除本次运行创建的容器…`,
  recordUnreadable: (moved) => `无法读取你的进度文件，进度将重新开始；旧文件已保存为 ${moved}。`,
  recordNotSaved: (message) => `无法保存你的进度（${message}）；检查本身已正常完成。`,
  allSummary: '全部练习',
  summaryCounts: (passed, failed) => `通过 ${passed} 个，未通过 ${failed} 个`,
  summaryPoints: (points, maxPoints, seconds) => ` · 得分 ${points}/${maxPoints} · ${seconds.toFixed(1)} 秒`,
  colCheck: '检查项',
  colResult: '结果',
  statusError: '内部错误',
  statusSkipped: '已跳过',
  whyFailed: '未通过的原因',
  missingDirs: (dirs) => `以下目录不存在，没有可检查的内容：\n${dirs.map((d) => `  - ${d}`).join('\n')}`,
  colExercise: '练习',
  colStatus: '状态',
  colChecks: '检查项',
  colPoints: '得分',
  colLastRun: '上次运行',
  statusPassed: '通过',
  statusFailed: '未通过',
  statusNeverRun: '未运行',
  checksOf: (passed, total) => `${passed}/${total}`,
  progressTotals: (passed, total, points, maxPoints) => `已通过 ${passed}/${total} 个练习 · 得分 ${points}/${maxPoints}`,
  progressNext: (id) => `下一步：npm run check ${id}`,
  progressDone: '所有练习都已通过，干得漂亮！',
  progressScope: '这里只统计针对你自己 exercises/ 目录的运行；--solution 和 --dir 的运行不计入。',
  justNow: '刚刚',
  minutesAgo: (n) => `${n} 分钟前`,
  hoursAgo: (n) => `${n} 小时前`,
  daysAgo: (n) => `${n} 天前`,
  hintUsage: '用法：npm run hint exercise-N [check-id]',
  hintNeverRun: (id) => `你还没有检查过 ${id}。请先运行 \`npm run check ${id}\`：根据它的结果才知道你需要哪条提示。`,
  hintAllPassed: (id) =>
    `上次运行中 ${id} 的所有检查项都已通过，没有需要提示的地方。` + `如果仍想查看某个检查项的提示：\`npm run hint ${id} <check-id>\`。`,
  hintInternalOnly: (id) =>
    `上次运行 ${id} 时发生了 Shipshape 内部错误，而不是检查项未通过。请重新运行 \`npm run check ${id}\`；如果问题重复出现，请反馈给我们。`,
  hintLastRun: (when, passed, total) => `根据你上次的运行（${when}）：${total} 个检查项中通过了 ${passed} 个。`,
  hintStale: (id) => `之后你又保存过文件：运行 \`npm run check ${id}\` 查看最新结果。`,
  colon: '：',
  hintFirstFailing: '第一个未通过的检查项',
  hintForCheck: '检查项的提示',
  hintNumber: (n, total) => `提示 ${n}/${total}`,
  hintMore: (id, left, checkArg) => `再次运行 \`npm run hint ${id}${checkArg}\` 查看下一条提示（还剩 ${left} 条）。`,
  hintLast: '这是该检查项的最后一条提示。',
  hintExhausted: (total) => `该检查项的 ${total} 条提示你都已看过：`,
  hintDocs: (url) => `阅读文档的这一节：${url}`,
  hintSolution: (id) => `还是卡住了？对照 solutions/${id} 里的参考答案：\n  git diff --no-index exercises/${id} solutions/${id}`,
  unknownCheck: (id, checks) => `${id} 没有这个检查项。它的检查项有：${checks.join(', ')}`,
  unknownExercise: (id, ids) => `没有名为 "${id}" 的练习。现有练习：${ids.join(', ')}`,
};

export function messages(locale: Locale): Messages {
  return locale === 'zh-Hans' ? zhHans : en;
}

/** "5 min ago", "刚刚": how long ago a run was, for progress and hint output. */
export function ago(then: Date, now: Date, locale: Locale): string {
  const m = messages(locale);
  const minutes = Math.floor((now.getTime() - then.getTime()) / 60_000);
  if (minutes < 1) return m.justNow;
  if (minutes < 60) return m.minutesAgo(minutes);
  if (minutes < 48 * 60) return m.hoursAgo(Math.floor(minutes / 60));
  return m.daysAgo(Math.floor(minutes / (24 * 60)));
}
