import { describe, expect, it } from 'vitest';
import { say } from './locale.js';
import { PROGRESS_PREFIX, progressLine, progressText } from './progress.js';

describe('progress messages', () => {
  it('carry both languages from the worker, and the console picks one', () => {
    const line = progressLine(say('the stack is up', '整套服务已经启动'));
    expect(line.startsWith(PROGRESS_PREFIX)).toBe(true);
    expect(line).not.toContain('\n');
    const message = line.slice(PROGRESS_PREFIX.length);
    expect(progressText(message, 'zh-Hans')).toBe('整套服务已经启动');
    expect(progressText(message, 'en')).toBe('the stack is up');
  });

  it('show anything else as it was written', () => {
    expect(progressText('building the app image…', 'zh-Hans')).toBe('building the app image…');
    expect(progressText('{"en":"only English"}', 'zh-Hans')).toBe('{"en":"only English"}');
    expect(progressText('{broken', 'en')).toBe('{broken');
  });
});
