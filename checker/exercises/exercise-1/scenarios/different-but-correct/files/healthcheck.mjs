// Exit 0 when /health answers 200, 1 otherwise: Docker's health-check contract.
const port = process.env.PORT ?? '3000';
try {
  const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1500) });
  process.exit(res.status === 200 ? 0 : 1);
} catch {
  process.exit(1);
}
