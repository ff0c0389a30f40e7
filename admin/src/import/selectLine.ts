/** Selects one line (1-based) of a text area and scrolls it into view, a couple of lines from the top. */
export function selectLine(element: HTMLTextAreaElement, line: number): void {
  const lines = element.value.split('\n');
  const start = lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0);
  const end = start + (lines[line - 1]?.length ?? 0);
  element.focus();
  element.setSelectionRange(start, end);
  const lineHeight = parseFloat(getComputedStyle(element).lineHeight) || 20;
  element.scrollTop = Math.max(0, (line - 3) * lineHeight);
}
