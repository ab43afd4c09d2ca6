// A tiny XML writer for the JUnit report. Learner output goes into it verbatim (build logs,
// container logs with colour codes and control characters), and one unescaped `<` or a stray
// ESC byte makes the whole file unreadable to CI, so escaping lives here, in one tested place.
import { stripVTControlCharacters } from 'node:util';

export interface XmlElement {
  name: string;
  attrs?: Record<string, string | number | undefined>;
  children?: (XmlElement | string)[];
}

// Characters XML 1.0 allows; everything else (NUL, ESC, lone surrogates, U+FFFE…) is replaced.
const NOT_XML_CHAR = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text as XML 1.0 can hold it: colour codes removed, forbidden characters shown as U+FFFD. */
export function xmlSafe(text: string): string {
  return stripVTControlCharacters(text).replace(NOT_XML_CHAR, '\uFFFD');
}

export function escapeText(text: string): string {
  return xmlSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values also keep their line breaks and tabs, which parsers otherwise turn into spaces. */
export function escapeAttr(value: string): string {
  return escapeText(value)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

const NAME = /^[A-Za-z_][\w.-]*$/;

function attrs(values: XmlElement['attrs'] = {}): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => {
      if (!NAME.test(key)) throw new Error(`invalid XML attribute name ${key}`);
      return ` ${key}="${escapeAttr(String(value))}"`;
    })
    .join('');
}

function render(el: XmlElement, depth: number): string {
  if (!NAME.test(el.name)) throw new Error(`invalid XML element name ${el.name}`);
  const pad = '  '.repeat(depth);
  const open = `${pad}<${el.name}${attrs(el.attrs)}`;
  const children = el.children ?? [];
  if (children.length === 0) return `${open}/>`;
  // Text content is written as is (no indentation added), so logs keep their exact lines.
  if (children.every((c) => typeof c === 'string')) return `${open}>${children.map(escapeText).join('')}</${el.name}>`;
  if (children.some((c) => typeof c === 'string')) throw new Error(`<${el.name}> mixes text and elements`);
  const inner = (children as XmlElement[]).map((c) => render(c, depth + 1)).join('\n');
  return `${open}>\n${inner}\n${pad}</${el.name}>`;
}

/** A whole document: declaration, then the root element, indented two spaces a level. */
export function xmlDocument(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${render(root, 0)}\n`;
}
