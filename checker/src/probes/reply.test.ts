import { describe, expect, it } from 'vitest';
import { errorCode, failureKind, failureSentence as bilingual, formatDuration, replyFailed, replyOk, type Destination } from './reply.js';

/** The English sentence, which these cases pin down; the Chinese one is checked below. */
const failureSentence = (...args: Parameters<typeof bilingual>): string => bilingual(...args).en;

const inContainer: Destination = { from: 'container', host: '127.0.0.1', port: 3000 };
const fromHost: Destination = { from: 'host', host: '127.0.0.1', port: 32771 };
const get = { method: 'GET', path: '/health' };

describe('failureSentence', () => {
  it('says where nothing listens', () => {
    expect(failureSentence('ECONNREFUSED', inContainer)).toBe('nothing listens on port 3000 in the container');
    expect(failureSentence('ECONNREFUSED', fromHost)).toBe('nothing listens on 127.0.0.1:32771');
    expect(failureSentence('ECONNREFUSED', { from: 'host', host: '::1', port: 80 })).toBe('nothing listens on [::1]:80');
    expect(failureSentence('ECONNREFUSED', { from: 'container', host: 'db', port: 5432 })).toBe(
      'nothing listens on db:5432 (asked from inside the container)',
    );
  });

  it('names the deadline of a timeout', () => {
    expect(failureSentence('ETIMEDOUT', fromHost, { timeoutMs: 5000 })).toBe('no answer within 5 s');
    expect(failureSentence('UND_ERR_HEADERS_TIMEOUT', fromHost, { timeoutMs: 1500 })).toBe('no answer within 1.5 s');
    expect(failureSentence('ETIMEDOUT', fromHost, { timeoutMs: 300 })).toBe('no answer within 300 ms');
  });

  it('says a reset closed the connection, whichever layer reported it', () => {
    for (const code of ['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE']) {
      expect(failureSentence(code, inContainer)).toBe('the connection was closed before a reply');
    }
  });

  it('names the name that does not resolve', () => {
    expect(failureSentence('ENOTFOUND', { from: 'host', host: 'db', port: 5432 })).toBe('the name db does not resolve');
    expect(failureSentence('EAI_AGAIN', { from: 'container', host: 'db', port: 5432 })).toBe(
      'the name db does not resolve inside the container',
    );
  });

  it("explains docker exec's own failures", () => {
    expect(failureSentence('CONTAINER_PAUSED', inContainer)).toBe('the container is paused');
    expect(failureSentence('CONTAINER_NOT_RUNNING', inContainer)).toBe('the container is not running');
    expect(failureSentence('NO_NODE', inContainer)).toBe('the image has no node to make the request with');
  });

  it('keeps the code of anything else', () => {
    expect(failureSentence('EPROTO', fromHost, { detail: 'bad record' })).toBe('the request failed (EPROTO: bad record)');
    expect(failureKind('EPROTO')).toBe('other');
  });

  it('says the same in Chinese, from the same values', () => {
    expect(bilingual('ECONNREFUSED', inContainer)['zh-Hans']).toBe('容器里没有程序在监听 3000 端口');
    expect(bilingual('ECONNREFUSED', fromHost)['zh-Hans']).toBe('127.0.0.1:32771 上没有程序在监听');
    expect(bilingual('ETIMEDOUT', fromHost, { timeoutMs: 1500 })['zh-Hans']).toBe('1.5 秒内没有得到响应');
    expect(bilingual('EPROTO', fromHost, { detail: 'bad record' })['zh-Hans']).toBe('请求失败（EPROTO：bad record）');
    const codes = ['ECONNREFUSED', 'ETIMEDOUT', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'CONTAINER_PAUSED', 'CONTAINER_NOT_RUNNING', 'NO_SUCH_CONTAINER', 'NO_NODE', 'EXEC_FAILED', 'EPROTO'];
    for (const where of [inContainer, fromHost]) {
      for (const code of codes) {
        const sentence = bilingual(code, where, { detail: 'x' });
        expect(sentence['zh-Hans'], code).toMatch(/\p{Script=Han}/u);
        expect(sentence['zh-Hans'], code).not.toBe(sentence.en);
      }
    }
  });
});

describe('replies', () => {
  it('turns a reply into one transcript line', () => {
    const ok = replyOk(get, { status: 503, headers: {}, body: 'down', truncated: false, ms: 12 });
    expect(ok.transcript).toBe('GET /health -> 503 after 12 ms');
    const refused = replyFailed(get, fromHost, 'ECONNREFUSED', 3);
    expect(refused).toMatchObject({ ok: false, error: 'ECONNREFUSED', kind: 'refused', sentence: { en: 'nothing listens on 127.0.0.1:32771' } });
    expect(refused.transcript).toBe('GET /health -> connection refused after 3 ms');
    expect(replyFailed(get, fromHost, 'ETIMEDOUT', 5003, { timeoutMs: 5000 }).transcript).toBe('GET /health -> no answer after 5.0 s');
  });

  it('formats durations for people', () => {
    expect(formatDuration(12.4)).toBe('12 ms');
    expect(formatDuration(20_000)).toBe('20 s');
    expect(formatDuration(1234)).toBe('1.2 s');
    expect(formatDuration(12.4, 'zh-Hans')).toBe('12 毫秒');
    expect(formatDuration(1234, 'zh-Hans')).toBe('1.2 秒');
  });
});

describe('errorCode', () => {
  it("reads fetch's cause, node's code, an AggregateError and a timeout", () => {
    const fetchFailed = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    expect(errorCode(fetchFailed).code).toBe('ECONNREFUSED');
    expect(errorCode(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })).code).toBe('ECONNRESET');
    const aggregate = new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' })], 'connect failed');
    expect(errorCode(new TypeError('fetch failed', { cause: aggregate })).code).toBe('ECONNREFUSED');
    expect(errorCode(new DOMException('The operation was aborted due to timeout', 'TimeoutError')).code).toBe('ETIMEDOUT');
    expect(errorCode(new TypeError('fetch failed', { cause: new Error('bad port') }))).toEqual({ code: 'EUNKNOWN', detail: 'bad port' });
  });
});
