import { coalescedReads } from '../../src/shared/mongo/coalesced-reads';

/** A read of many keys that records each call and fails for the keys `failsFor` names. */
function recordedRead(failsFor: (key: number) => boolean = () => false) {
  const calls: number[][] = [];
  const read = async (keys: readonly number[]): Promise<string[]> => {
    calls.push([...keys]);
    const failing = keys.find(failsFor);
    if (failing !== undefined) throw new Error(`cannot read ${failing}`);
    return keys.map((key) => `value ${key}`);
  };
  return { calls, read };
}

describe('coalesced reads', () => {
  it('answers the keys asked in one turn with one read, each caller its own value', async () => {
    const { calls, read } = recordedRead();
    const reads = coalescedReads(read);
    const values = await Promise.all([reads.load(1), reads.load(2), reads.load(1), reads.load(3)]);
    expect(values).toEqual(['value 1', 'value 2', 'value 1', 'value 3']);
    expect(calls).toEqual([[1, 2, 1, 3]]);
  });

  it('keeps nothing from one turn to the next', async () => {
    const { calls, read } = recordedRead();
    const reads = coalescedReads(read);
    await reads.load(1);
    await reads.load(1);
    expect(calls).toEqual([[1], [1]]);
  });

  it('gathers keys asked by callbacks of the same turn, not only by one caller', async () => {
    const { calls, read } = recordedRead();
    const reads = coalescedReads(read);
    // Two I/O-like callbacks of one turn: each asks after its own microtasks have run.
    const asked = await new Promise<Promise<string>[]>((resolve) => {
      const pending: Promise<string>[] = [];
      setTimeout(() => pending.push(reads.load(1)), 0);
      setTimeout(() => {
        pending.push(reads.load(2));
        resolve(pending);
      }, 0);
    });
    expect(await Promise.all(asked)).toEqual(['value 1', 'value 2']);
    expect(calls).toEqual([[1, 2]]);
  });

  it('leaves a failure with the keys that fail alone: the others are read again and answered', async () => {
    const { calls, read } = recordedRead((key) => key === 2);
    const reads = coalescedReads(read);
    const outcomes = await Promise.allSettled([reads.load(1), reads.load(2), reads.load(3)]);
    expect(outcomes).toEqual([
      { status: 'fulfilled', value: 'value 1' },
      { status: 'rejected', reason: new Error('cannot read 2') },
      { status: 'fulfilled', value: 'value 3' },
    ]);
    expect(calls).toEqual([[1, 2, 3], [1], [2], [3]]);
  });

  it('reads at most 1000 keys at a time', async () => {
    const { calls, read } = recordedRead();
    const reads = coalescedReads(read);
    const keys = Array.from({ length: 2500 }, (_, i) => i);
    const values = await Promise.all(keys.map((key) => reads.load(key)));
    expect(values[2499]).toBe('value 2499');
    expect(calls.map((call) => call.length)).toEqual([1000, 1000, 500]);
  });
});
