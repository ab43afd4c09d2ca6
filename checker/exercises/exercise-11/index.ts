import { defineExercise } from '../../src/exercise.js';
import { imageBuilds } from '../../src/fixtures/learner-image.js';
import { rateLimit, replicaKilled } from './fault-checks.js';
import { accessLog, configValid, proxyHeaders, upstream } from './proxy-checks.js';
import { securityHeaders, staticFiles } from './reply-checks.js';
import { ProxyStack } from './stack.js';
import { httpsOnly, tls } from './tls-checks.js';

/**
 * Exercise 11, nginx in front of three replicas: the checks behind the ids in course.yaml. They
 * run in the manifest's order on one stack; replica-killed leaves two replicas, and rate-limit
 * comes last because its burst uses up the client's allowance.
 */
const THROUGH_NGINX = ['upstream', 'proxy-headers', 'tls', 'https-only', 'security-headers', 'static-files', 'access-log', 'replica-killed', 'rate-limit'];

export default defineExercise<ProxyStack>({
  setup: (ctx, progress) => new ProxyStack(ctx, progress),
  teardown: (stack) => stack.teardown(),
  warm: {
    'image-builds': (stack) => stack.image(),
    'config-valid': (stack) => stack.configTest(),
    // Every check through nginx needs the replicas: start them beside nginx -t, not after it.
    ...Object.fromEntries(THROUGH_NGINX.map((id) => [id, (stack: ProxyStack) => stack.replicas()])),
  },
  checks: {
    'image-builds': imageBuilds,
    'config-valid': configValid,
    upstream,
    'proxy-headers': proxyHeaders,
    tls,
    'https-only': httpsOnly,
    'security-headers': securityHeaders,
    'static-files': staticFiles,
    'access-log': accessLog,
    'replica-killed': replicaKilled,
    'rate-limit': rateLimit,
  },
});
