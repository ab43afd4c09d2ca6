import { defineExercise } from '../../src/exercise.js';
import { imageBuilds } from '../../src/fixtures/learner-image.js';
import { accountLimit, clientLimit } from './limit-checks.js';
import { cookieFlags, logout, newSessionOnLogin, sharedSessions } from './session-checks.js';
import { SessionStack } from './stack.js';

/** Exercise 10, sessions and rate limits: the checks behind the ids in course.yaml. */
export default defineExercise<SessionStack>({
  setup: (ctx, progress) => new SessionStack(ctx, progress),
  teardown: (stack) => stack.teardown(),
  warm: {
    'image-builds': (stack) => stack.image(),
    'cookie-flags': (stack) => stack.replicas(),
  },
  checks: {
    'image-builds': imageBuilds,
    'cookie-flags': cookieFlags,
    'new-session-on-login': newSessionOnLogin,
    'shared-sessions': sharedSessions,
    logout,
    'client-limit': clientLimit,
    'account-limit': accountLimit,
  },
});
