import { decodeCursor, encodeCursor } from '../../src/interviews/interview.connection';
import { escapeRegExp, literalContains, nameKey, slugify } from '../../src/shared/text';

describe('slugs, names and literal search', () => {
  it.each([
    ['Bitget’s Global Chief Sales Officer: Intae Song', 'bitgets-global-chief-sales-officer-intae-song'],
    ['Crème brûlée — à la carte', 'creme-brulee-a-la-carte'],
    ['谢家印：做最有温度的交易所', '谢家印-做最有温度的交易所'],
    ['हिन्दी साक्षात्कार', 'हिन्दी-साक्षात्कार'],
    ['  ---  ', 'untitled'],
  ])('slugifies %j as %j', (text, slug) => {
    expect(slugify(text)).toBe(slug);
  });

  it('recognises a name whatever its case, spacing or accents', () => {
    expect(nameKey('  Xie   JIAYIN ')).toBe(nameKey('xie jiayin'));
    expect(nameKey('José Martí')).toBe(nameKey('Jose Marti'));
    expect(nameKey('Ann Lee')).not.toBe(nameKey('Anne Lee'));
  });

  it('matches search text literally, regular-expression characters included', () => {
    expect(escapeRegExp('a.b*(c)?[d]$')).toBe('a\\.b\\*\\(c\\)\\?\\[d\\]\\$');
    expect(literalContains('A.B (x)+').test('the a.b (X)+ case')).toBe(true);
    expect(literalContains('A.B').test('AxB')).toBe(false);
  });

  it('round-trips reader cursors and rejects foreign ones', () => {
    const cursor = { publishedAt: new Date('2025-01-02T03:04:05.000Z'), id: '0123456789abcdef01234567' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor(encodeCursor({ publishedAt: null, id: cursor.id }))).toEqual({
      publishedAt: null,
      id: cursor.id,
    });
    expect(decodeCursor('not-a-cursor')).toBeNull();
    expect(decodeCursor(Buffer.from('["x","nothex"]').toString('base64url'))).toBeNull();
  });
});
