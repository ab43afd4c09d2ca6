/**
 * The inline code in a sentence of course.yaml (a hint, a title), as Markdown marks it with
 * backticks: `a \`b\` c` -> a, b (code), c. An unmatched backtick stays a backtick.
 */
export function codeSpans(text: string): { text: string; code: boolean }[] {
  return text
    .split(/`([^`]+)`/)
    .map((part, index) => ({ text: part, code: index % 2 === 1 }))
    .filter((span) => span.text !== '');
}
