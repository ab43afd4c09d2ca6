import { say } from '../locale.js';
import type { Text } from '../manifest.js';
import type { Reply, ReplyOk } from './reply.js';
import { fail } from '../verdict.js';

/** The reply's JSON when it is a 200 with a JSON body; otherwise the check fails, saying what came instead. */
export function okJson(reply: Reply, expected: Text): { reply: ReplyOk; json: unknown } {
  // The request line, then what happened in words: the transcript's own ending would say it twice.
  const asked = reply.transcript.split(' -> ')[0];
  if (!reply.ok) fail(expected, say(`${asked}: ${reply.sentence.en}`, `${asked}：${reply.sentence['zh-Hans']}`));
  if (reply.status !== 200) fail(expected, say(`${reply.transcript}: ${reply.body.slice(0, 200)}`, `${reply.transcript}：${reply.body.slice(0, 200)}`));
  try {
    return { reply, json: JSON.parse(reply.body) as unknown };
  } catch {
    return fail(expected, say(`${reply.transcript}, but its body is not JSON${reply.truncated ? ' (or too long to read)' : ''}`, `${reply.transcript}，但响应体不是 JSON${reply.truncated ? '（或者太长读不完）' : ''}`));
  }
}
