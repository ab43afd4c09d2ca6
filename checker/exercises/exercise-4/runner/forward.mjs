// Runs inside the checker's runner container as its main process. On a hosted runner a service
// container's published port is on the runner's localhost; here each `host:service:port`
// argument listens on 127.0.0.1:host and forwards to the service container on the run's network.
// It also starts the stand-in advisory registry the audit steps are pointed at.
import { createConnection, createServer } from 'node:net';
import './advisory-registry.mjs';

for (const spec of process.argv.slice(2)) {
  const [hostPort, service, port] = spec.split(':');
  createServer((inbound) => {
    const outbound = createConnection({ host: service, port: Number(port) });
    inbound.pipe(outbound).pipe(inbound);
    const close = () => {
      inbound.destroy();
      outbound.destroy();
    };
    inbound.on('error', close);
    outbound.on('error', close);
  }).listen(Number(hostPort), '127.0.0.1');
}
// Stay up with nothing to forward too: the steps run through `docker exec`.
setInterval(() => {}, 1 << 30);
