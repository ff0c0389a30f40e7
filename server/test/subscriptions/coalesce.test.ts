import { coalesce, RawChange, visibleFields } from '../../src/subscriptions/change-decoder';

function update(id: string, updated: Record<string, unknown>, extra: Partial<RawChange> = {}): RawChange {
  return {
    collection: 'answers',
    operation: 'update',
    key: id,
    id,
    document: { _id: id, position: 9, version: 7 },
    updated,
    removed: [],
    txn: 't1',
    at: null,
    ...extra,
  };
}

describe('folding the writes of one change', () => {
  it('folds the three passes of a renumbering into one position change per entry', () => {
    const raws = ['a', 'b'].flatMap((id) => [
      update(id, { position: -2 }),
      update(id, { position: -3 }),
      update(id, { position: 3 }),
    ]);
    const changes = coalesce([raws[0], raws[3], raws[1], raws[4], raws[2], raws[5]]);
    expect(changes.map((c) => [c.id, c.kind, c.versioned, visibleFields(c)])).toEqual([
      ['a', 'UPDATED', false, ['position']],
      ['b', 'UPDATED', false, ['position']],
    ]);
  });

  it("folds a move's parking at position 0 into the versioned move", () => {
    const changes = coalesce([
      update('a', { position: 0 }),
      update('a', { position: 3, version: 2, updatedAt: new Date(), updatedBy: 'u' }),
    ]);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ kind: 'UPDATED', versioned: true, version: 2 });
    expect(visibleFields(changes[0])).toEqual(['position']);
  });

  it('keeps two versioned edits of one document as two changes, and drops bookkeeping-only writes', () => {
    const changes = coalesce([
      update('a', { text: 'one', version: 2 }),
      update('a', { text: 'two', version: 3 }),
      update('b', { updatedAt: new Date() }),
    ]);
    expect(changes.map((c) => c.version)).toEqual([2, 3]);
  });

  it('never folds a status change, and names stored fields as GraphQL does', () => {
    const interview = (updated: Record<string, unknown>): RawChange => ({
      ...update('i', updated),
      collection: 'interviews',
    });
    const changes = coalesce([
      interview({ speaker_ids: [] }),
      interview({ status: 'PUBLISHED' }),
      interview({ 'source.format': 'QA' }),
    ]);
    expect(changes.map((c) => [c.status, visibleFields(c)])).toEqual([
      [null, ['speaker_ids']],
      ['PUBLISHED', ['status']],
      [null, ['sourceFormat']],
    ]);
  });

  it('ignores collections it does not watch', () => {
    expect(coalesce([{ ...update('u', { name: 'x', version: 2 }), collection: 'users' }])).toEqual([]);
  });
});
