import { say } from '../../src/locale.js';
import type { Text } from '../../src/manifest.js';
import type { Reply, ReplyOk } from '../../src/probes/reply.js';
import { fail } from '../../src/verdict.js';

/** The reply's JSON when it is a 200 with a JSON body; otherwise the check fails, saying what came instead. */
export function okJson(reply: Reply, expected: Text): { reply: ReplyOk; json: unknown } {
  if (!reply.ok) fail(expected, say(`${reply.transcript}: ${reply.sentence.en}`, `${reply.transcript}：${reply.sentence['zh-Hans']}`));
  if (reply.status !== 200) fail(expected, say(`${reply.transcript}: ${reply.body.slice(0, 200)}`, `${reply.transcript}：${reply.body.slice(0, 200)}`));
  try {
    return { reply, json: JSON.parse(reply.body) as unknown };
  } catch {
    return fail(expected, say(`${reply.transcript}, but its body is not JSON${reply.truncated ? ' (or too long to read)' : ''}`, `${reply.transcript}，但响应体不是 JSON${reply.truncated ? '（或者太长读不完）' : ''}`));
  }
}
