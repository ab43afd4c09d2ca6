#!/usr/bin/env tsx
// npm run progress: where you stand in every exercise, from the checker's local record.
import { chalk } from 'zx';
import { detectLocale } from '../checker/src/locale.js';
import { loadManifest } from '../checker/src/manifest.js';
import { messages } from '../checker/src/messages.js';
import { loadRecord } from '../checker/src/progress-record.js';
import { courseProgress, formatProgress } from '../checker/src/progress-view.js';

const locale = detectLocale();
const { record, setAside } = await loadRecord();
if (setAside) console.log(chalk.yellow(messages(locale).recordUnreadable(setAside)));
console.log(formatProgress(courseProgress(loadManifest(), record), locale));
