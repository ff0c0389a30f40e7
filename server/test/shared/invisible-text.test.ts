import { isBlank, trimText, trimTextEnd } from '../../src/shared/text';

describe('text made of invisible characters', () => {
  it.each([
    ['', true],
    [' \t\n', true],
    ['\u200B\uFEFF\u202E', true],
    ['\u00AD\u034F\u2060\u180E\u3164\uFE0F\u{E0041}', true],
    ['\u2800 \u200D', true],
    ['a\u200B', false],
    ['❤️', false],
  ])('isBlank(%j) is %s', (text, blank) => {
    expect(isBlank(text)).toBe(blank);
  });

  it('trims whitespace and zero-width or bidi controls at the ends, keeping what joins onto a character', () => {
    expect(trimText('\u202E\u200B Ada\u200DLovelace \uFEFF')).toBe('Ada\u200DLovelace');
    expect(trimText('I love it ❤️')).toBe('I love it ❤️');
    expect(trimText('flag 🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}')).toBe(
      'flag 🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}',
    );
    expect(trimText('A: \u200B\uFEFF\u202E \u2060\u00AD')).toBe('A:');
    expect(trimTextEnd('  indented\u200B ')).toBe('  indented');
    expect(trimText('\u200B\u200B')).toBe('');
  });

  it('stays linear on long runs of spaces', () => {
    const text = `x${' '.repeat(1_000_000)}y`;
    const startedAt = Date.now();
    expect(trimText(text)).toBe(text);
    expect(trimTextEnd(`${' '.repeat(1_000_000)}y`)).toHaveLength(1_000_001);
    expect(Date.now() - startedAt).toBeLessThan(1000);
  });
});
