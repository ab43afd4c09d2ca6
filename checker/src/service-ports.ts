// The sample service's ports, as its config.ts defaults them: facts every exercise's stack and
// checks share, stated once.

/** The API (PORT). */
export const APP_PORT = 3000;
/** GET /metrics, from exercise 5 on (METRICS_PORT): a listener of its own, never published in production. */
export const METRICS_PORT = 9464;
