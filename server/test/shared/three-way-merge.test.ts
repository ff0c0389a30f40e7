import { ObjectId } from 'mongodb';
import { mergeFields, mergeText, wordTokens } from '../../src/shared/three-way-merge';

const TEXT = new Set(['text', 'question']);

describe('three-way merge of text', () => {
  const base = 'The fee is very high for users on Twitter today.';

  it('merges changes to different words of one paragraph', () => {
    const theirs = 'The fee is VERY HIGH for users on Twitter today.';
    const yours = 'The fee is very high for users on X (Twitter) today.';
    expect(mergeText(base, theirs, yours)).toEqual({
      clean: true,
      merged: 'The fee is VERY HIGH for users on X (Twitter) today.',
    });
  });

  it('reports overlapping changes of the same words, with both resolutions keeping the rest', () => {
    const theirs = 'The fee is extremely high for users on Twitter now.';
    const yours = 'The fee is rather high for users on Twitter today.';
    const result = mergeText(base, theirs, yours);
    expect(result).toEqual({
      clean: false,
      preferYours: 'The fee is rather high for users on Twitter now.',
      preferTheirs: 'The fee is extremely high for users on Twitter now.',
    });
  });

  it('takes the one side that changed, and the same change made by both once', () => {
    expect(mergeText(base, base, 'Changed.')).toEqual({ clean: true, merged: 'Changed.' });
    expect(mergeText(base, 'Changed.', base)).toEqual({ clean: true, merged: 'Changed.' });
    expect(mergeText(base, 'Same fix.', 'Same fix.')).toEqual({ clean: true, merged: 'Same fix.' });
  });

  it('keeps whitespace and line breaks exactly', () => {
    const paragraphs = 'One two.\n\nThree  four.';
    expect(wordTokens(paragraphs).join('')).toBe(paragraphs);
    const merged = mergeText(paragraphs, 'ONE two.\n\nThree  four.', 'One two.\n\nThree  FOUR.');
    expect(merged).toEqual({ clean: true, merged: 'ONE two.\n\nThree  FOUR.' });
  });
});

describe('three-way merge of fields', () => {
  const speakerA = new ObjectId();
  const speakerB = new ObjectId();
  const speakerC = new ObjectId();
  const base = { text: 'a b c', question: 'q', section: 'One', speaker_id: speakerA };

  it('keeps the fields only one side changed and writes only what differs from theirs', () => {
    const theirs = { ...base, section: 'Two', text: 'A b c' };
    const result = mergeFields(base, theirs, { speaker_id: speakerB, text: 'a b C' }, TEXT);
    expect(result.conflicts).toEqual([]);
    expect(result.patch).toEqual({ speaker_id: speakerB, text: 'A b C' });
  });

  it('leaves out fields the editor sent unchanged from the base, so their change stands', () => {
    const theirs = { ...base, question: 'their question' };
    const result = mergeFields(base, theirs, { question: 'q', text: 'a b c!' }, TEXT);
    expect(result.patch).toEqual({ text: 'a b c!' });
  });

  it('refuses a non-text field both changed differently, offering each side', () => {
    const theirs = { ...base, speaker_id: speakerB };
    const result = mergeFields(base, theirs, { speaker_id: speakerC }, TEXT);
    expect(result.conflicts).toEqual(['speaker_id']);
    expect(result.preferYours).toEqual({ speaker_id: speakerC });
    expect(result.preferTheirs).toEqual({});
  });

  it('does not merge a field outside the text fields word by word', () => {
    const theirs = { ...base, section: 'One more' };
    const result = mergeFields(base, theirs, { section: 'The One' }, TEXT);
    expect(result.conflicts).toEqual(['section']);
  });
});
