// Reads directives out of the configuration `nginx -T` prints (every included file, in order),
// for the few facts no request can show: which TLS versions nginx would allow if the TLS
// library let it (OpenSSL 3 refuses TLS 1.1 anyway, so a failed handshake proves nothing).

/** A directive as written: its name and arguments, quotes removed, e.g. ['ssl_protocols', 'TLSv1.2', 'TLSv1.3']. */
export type Directive = string[];

/**
 * The simple directives of a configuration, in order, block structure ignored: enough to find
 * every `ssl_protocols` wherever it sits. Comments, quotes and escapes are honoured as nginx does.
 */
export function directives(text: string): Directive[] {
  const found: Directive[] = [];
  let words: string[] = [];
  let word = '';
  let quote: string | undefined;
  let inWord = false;
  const endWord = (): void => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && i + 1 < text.length) word += text[++i];
      else if (c === quote) quote = undefined;
      else word += c;
      continue;
    }
    if (c === '#' && !inWord) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === ';' || c === '{' || c === '}') {
      endWord();
      if (c === ';' && words.length > 0) found.push(words);
      words = [];
    } else if (/\s/.test(c)) {
      endWord();
    } else {
      word += c;
      inWord = true;
    }
  }
  return found;
}

/** The arguments of every directive called `name`, e.g. argumentsOf(text, 'ssl_protocols'). */
export function argumentsOf(text: string, name: string): string[][] {
  return directives(text)
    .filter(([directive]) => directive === name)
    .map(([, ...args]) => args);
}

/** Protocol names nginx accepts in ssl_protocols that are older than TLS 1.2. */
export const OUTDATED_PROTOCOLS = ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1'];

/** What `ssl_protocols` allows that it should not, or 'unset' when no directive says (nginx 1.22 then allows TLSv1 and TLSv1.1). */
export function outdatedProtocols(dump: string): string[] | 'unset' {
  const all = argumentsOf(dump, 'ssl_protocols');
  if (all.length === 0) return 'unset';
  return [...new Set(all.flat().filter((p) => OUTDATED_PROTOCOLS.includes(p)))];
}
