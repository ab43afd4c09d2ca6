#!/usr/bin/env tsx
// npm run doctor: one screen that says whether this machine can run the course, and what to do
// if not. Exits 1 when something must be fixed first, 0 otherwise (warnings included).
import { chalk } from 'zx';
import { diagnose } from '../checker/src/doctor/diagnose.js';
import { gatherFacts } from '../checker/src/doctor/facts.js';
import { formatFindings } from '../checker/src/doctor/report.js';
import { detectLocale } from '../checker/src/locale.js';

const locale = detectLocale();
const started = performance.now();
console.log(chalk.dim(locale === 'zh-Hans' ? '正在检查这台机器…' : 'Looking at this machine…'));
const findings = diagnose(await gatherFacts());
console.log(formatFindings(findings, locale));
console.log(chalk.dim(`(${((performance.now() - started) / 1000).toFixed(1)} s)`));
process.exitCode = findings.some((f) => f.status === 'fail') ? 1 : 0;
