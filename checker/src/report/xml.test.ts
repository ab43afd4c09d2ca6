import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { escapeAttr, escapeText, xmlDocument, xmlSafe } from './xml.js';

describe('xml writer', () => {
  it('escapes markup in text and attributes', () => {
    expect(escapeText('a < b && c > d')).toBe('a &lt; b &amp;&amp; c &gt; d');
    expect(escapeAttr(`say "hi" & 'bye'`)).toBe('say &quot;hi&quot; &amp; &apos;bye&apos;');
  });

  it('keeps line breaks in attributes as character references', () => {
    expect(escapeAttr('one\ntwo\tthree\r')).toBe('one&#10;two&#9;three&#13;');
  });

  it('drops colour codes and replaces characters XML cannot hold', () => {
    expect(xmlSafe('\u001b[31mred\u001b[0m')).toBe('red');
    expect(xmlSafe('nul\u0000 bell\u0007 lone\uD800 ok\u{1F600}')).toBe('nul\uFFFD bell\uFFFD lone\uFFFD ok\u{1F600}');
  });

  it('writes a document a real parser reads back unchanged', () => {
    const nasty = `]]> <script>&amp; "quoted" 'single' \u001b[1mbold\u001b[0m\u0001 中文`;
    const text = xmlDocument({
      name: 'root',
      attrs: { a: nasty, n: 3, skipped: undefined },
      children: [{ name: 'child', children: [nasty] }, { name: 'empty' }],
    });
    expect(XMLValidator.validate(text)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', processEntities: true, htmlEntities: true }).parse(text);
    const expected = `]]> <script>&amp; "quoted" 'single' bold\uFFFD 中文`;
    expect(parsed.root['@a']).toBe(expected);
    expect(parsed.root['@n']).toBe('3');
    expect(parsed.root).not.toHaveProperty('@skipped');
    expect(parsed.root.child).toBe(expected);
  });

  it('refuses names that would make the document invalid', () => {
    expect(() => xmlDocument({ name: 'bad name' })).toThrow(/element name/);
    expect(() => xmlDocument({ name: 'ok', attrs: { 'x"y': 1 } })).toThrow(/attribute name/);
    expect(() => xmlDocument({ name: 'ok', children: ['text', { name: 'el' }] })).toThrow(/mixes/);
  });
});
