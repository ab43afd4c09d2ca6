// A stand-in for the npm registry's advisory endpoint, started in every runner by forward.mjs: npm
// audit posts the lockfile's packages to /-/npm/v1/security/advisories/bulk. On port 4873 it
// reports one critical advisory for express; on 4874 it reports none.
import { createServer } from 'node:http';

const ADVISORY = {
  express: [
    {
      id: 1099001,
      url: 'https://shipshape.invalid/advisories/1099001',
      title: 'Shipshape test advisory: a planted critical vulnerability',
      severity: 'critical',
      vulnerable_versions: '<99.0.0',
      cwe: ['CWE-1395'],
      cvss: { score: 9.8, vectorString: null },
    },
  ],
};

for (const [port, advisories] of [[4873, ADVISORY], [4874, {}]]) {
  createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.method === 'POST' && req.url?.startsWith('/-/npm/v1/security/advisories/bulk')) {
        res.end(JSON.stringify(advisories));
      } else {
        // npm asks for packuments to suggest fixes; "not found" makes it report none.
        res.statusCode = 404;
        res.end('{"error":"not found"}');
      }
    });
  }).listen(port, '127.0.0.1');
}
