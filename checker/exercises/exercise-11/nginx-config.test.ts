import { describe, expect, it } from 'vitest';
import { argumentsOf, directives, outdatedProtocols } from './nginx-config.js';

const DUMP = `nginx: the configuration file /etc/nginx/nginx.conf syntax is ok
# configuration file /etc/nginx/nginx.conf:
http {
    # ssl_protocols TLSv1;   a comment, not a directive
    log_format main '$remote_addr "$request" # not a comment';
    server {
        listen 443 ssl;
        ssl_protocols TLSv1.2 TLSv1.3;
        add_header X-Frame-Options "DENY" always;
    }
}
`;

describe('directives', () => {
  it('finds directives inside blocks, with quotes removed and comments skipped', () => {
    expect(argumentsOf(DUMP, 'ssl_protocols')).toEqual([['TLSv1.2', 'TLSv1.3']]);
    expect(argumentsOf(DUMP, 'add_header')).toEqual([['X-Frame-Options', 'DENY', 'always']]);
    expect(argumentsOf(DUMP, 'log_format')).toEqual([['main', '$remote_addr "$request" # not a comment']]);
    expect(directives('a 1;b "x;y" ;')).toEqual([['a', '1'], ['b', 'x;y']]);
  });
});

describe('outdatedProtocols', () => {
  it('names the old protocols any ssl_protocols allows, and says when none is set', () => {
    expect(outdatedProtocols(DUMP)).toEqual([]);
    expect(outdatedProtocols('server { ssl_protocols TLSv1.2; }\nserver { ssl_protocols TLSv1.1 TLSv1.2; }')).toEqual(['TLSv1.1']);
    expect(outdatedProtocols('server { listen 443 ssl; }')).toBe('unset');
  });
});
