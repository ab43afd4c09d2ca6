import type { Locale, Text } from './manifest.js';

/** Checks print progress as console lines with this prefix; the reporter shows them as status. */
export const PROGRESS_PREFIX = '\u001f shipshape:progress ';

/**
 * The line the check worker writes for one progress message: the prefix, then the message in
 * both languages as JSON, so that the worker need not know the learner's locale.
 */
export function progressLine(message: Text): string {
  return `${PROGRESS_PREFIX}${JSON.stringify(message)}`;
}

function isText(value: unknown): value is Text {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.en === 'string' && typeof v['zh-Hans'] === 'string';
}

/** What to show of a progress message (what follows the prefix): its text in the learner's language, a plain string as it is. */
export function progressText(message: string, locale: Locale): string {
  if (!message.startsWith('{')) return message;
  try {
    const parsed: unknown = JSON.parse(message);
    return isText(parsed) ? parsed[locale] : message;
  } catch {
    return message;
  }
}
