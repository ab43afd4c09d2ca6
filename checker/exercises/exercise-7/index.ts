import { defineExercise } from '../../src/exercise.js';
import { imageBuilds } from '../../src/fixtures/learner-image.js';
import { errorReported, problemDetails } from './error-checks.js';
import { jsonLogs, logLevel, redacted, requestId, requestLog } from './log-checks.js';
import { LogsStack } from './stack.js';

/** Exercise 7, logs and errors: the checks behind the ids in course.yaml. */
export default defineExercise<LogsStack>({
  setup: (ctx, progress) => new LogsStack(ctx, progress),
  teardown: (stack) => stack.teardown(),
  // The build, PostgreSQL and the tracker side by side; both apps as soon as the image is there.
  warm: {
    'image-builds': (stack) => stack.image(),
    'json-logs': (stack) => stack.app(),
    'log-level': (stack) => stack.quietApp(),
  },
  checks: {
    'image-builds': imageBuilds,
    'json-logs': jsonLogs,
    'request-log': requestLog,
    'request-id': requestId,
    'log-level': logLevel,
    redacted,
    'problem-details': problemDetails,
    'error-reported': errorReported,
  },
});
