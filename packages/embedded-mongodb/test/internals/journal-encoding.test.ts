import { Decimal128, Long, ObjectId } from 'bson';
import { encodeDocument } from '../../src/bson';
import { encodeAhead, encodeOp, Op, opToDocument } from '../../src/storage/ops';

/** Ops a transaction statement encoded ahead are journaled as the same bytes as ops encoded at commit. */
describe('journal ops encoded ahead of the commit', () => {
  const doc = () => ({
    _id: new ObjectId(),
    position: 7,
    text: 'We listen. '.repeat(20),
    big: Long.fromNumber(2 ** 40),
    price: Decimal128.fromString('1.50'),
    tags: ['a', { nested: true }],
    gone: undefined,
  });

  it.each(['insert', 'replace'] as const)('%s: same bytes as encoding at commit', (kind) => {
    const op: Op = { op: kind, db: 'app', coll: 'answers', doc: doc() };
    const atCommit = encodeDocument(opToDocument(op));
    encodeAhead(op);
    expect(encodeOp(op).equals(atCommit)).toBe(true);
  });

  it('bytes encoded for another namespace or kind are not used', () => {
    const stored = doc();
    encodeAhead({ op: 'insert', db: 'app', coll: 'answers', doc: stored });
    const moved: Op = { op: 'replace', db: 'app', coll: 'revisions', doc: stored };
    expect(encodeOp(moved).equals(encodeDocument(opToDocument(moved)))).toBe(true);
  });
});
