import { parseQuery } from '../../src/search/query-parser';
import { phraseFinder, runFinder, stem, tokenize } from '../../src/search/text-analysis';

/** What the words of the text say: the folded words stand side by side, in order. */
function byTokens(words: string[], text: string): boolean {
  const folded = tokenize(text).map((token) => token.folded);
  return folded.some((_, at) => words.every((word, offset) => folded[at + offset] === word));
}

describe('phrase finding', () => {
  const cases: [words: string[], text: string, found: boolean][] = [
    [['futures', 'market'], 'The futures market grew.', true],
    [['futures', 'market'], 'FUTURES — Market share', true],
    [['futures', 'market'], 'futures’ market', true],
    [['futures', 'market'], 'futures\n\nmarket', true],
    [['futures', 'market'], 'the futures’s market', false],
    [['futures', 'market'], 'x’futures market', false],
    [['futures', 'market'], 'futuresmarket', false],
    [['futures', 'market'], 'futures markets', false],
    [['futures', 'market'], 'market futures', false],
    [['futures', 'market'], 'the futures market of Zürich', true],
    [['cafe', 'in', 'zurich'], 'A Café in Zürich', true],
    [['cafe', 'zurich'], 'A Cafe in Zurich', false],
    [['don’t', 'stop'], 'We don’t stop.', true],
    [['don’t', 'stop'], "We don't stop.", false],
    [['赞助', '可以'], '赞助可以帮助', true],
    [['web3', '区块', '链'], 'Web3 区块链', true],
    [['web3', '赞助'], 'Web3 区块链', false],
  ];

  it.each(cases)('%j in %j is %s', (words, text, found) => {
    expect(phraseFinder(words)(text)).toBe(found);
    expect(byTokens(words, text)).toBe(found);
  });
});

describe('phrase finding while the last word is typed', () => {
  /** What the words of the text say: the folded words stand side by side, the last one starting a word. */
  function byTokensToPrefix(words: string[], text: string): boolean {
    const folded = tokenize(text).map((token) => token.folded);
    const last = words.length - 1;
    return folded.some((_, at) =>
      words.every((word, offset) =>
        offset === last ? folded[at + offset]?.startsWith(word) : folded[at + offset] === word,
      ),
    );
  }

  const cases: [words: string[], text: string, found: boolean][] = [
    [['proof', 'of', 'res'], 'Do you publish proof of reserves?', true],
    [['proof', 'of', 'res'], 'PROOF OF RES', true],
    [['proof', 'of', 'res'], 'proof of the reserves', false],
    [['proof', 'of', 'res'], 'proof ofres', false],
    [['cold', 'wall'], 'cold, wallets', true],
    [['cold', 'wall'], 'the cold war', false],
    [['cold', 'wall'], 'scold wallets', false],
    [['cafe', 'zur'], 'A Café in Zürich', false],
    [['cafe', 'in', 'zur'], 'A Café in Zürich', true],
    [['赞助', '可'], '赞助可以帮助', true],
    [['web3', '区'], 'Web3 区块链', true],
  ];

  it.each(cases)('%j in %j is %s', (words, text, found) => {
    expect(phraseFinder(words, true)(text)).toBe(found);
    expect(byTokensToPrefix(words, text)).toBe(found);
  });

  it('reads the last word of a quote still open at the end of the query as a prefix', () => {
    const open = parseQuery('"proof of res');
    expect(open.phrases).toEqual([{ words: ['proof', 'of', 'res'], endsInPrefix: true }]);
    expect(open.terms.map((term) => [term.folded, term.prefix])).toEqual([
      ['proof', false],
      ['of', false],
      ['res', true],
    ]);
    for (const finished of ['"proof of res"', '"proof of res ', '"proof of res" cold']) {
      expect(parseQuery(finished).phrases[0].endsInPrefix).toBe(false);
      expect(parseQuery(finished).terms.find((term) => term.folded === 'res')?.prefix).toBe(false);
    }
  });

  it('keeps the Chinese words of one unspaced run together, apart from Latin words and spaced words', () => {
    const { runs, terms } = parseQuery('Bitget的用户 储备金证 监管');
    expect(runs.map((run) => [run.text, run.terms.map((at) => terms[at].folded)])).toEqual([
      ['的用户', ['的', '用户']],
      ['储备金证', ['储备', '金', '证']],
    ]);
    expect(terms.filter((term) => term.grouped).map((term) => term.folded)).toEqual([
      '的',
      '用户',
      '储备',
      '金',
      '证',
    ]);
    expect(parseQuery('储备金 储备').terms.find((term) => term.folded === '储备')?.grouped).toBeUndefined();
    expect(parseQuery('"储备金" "Bitget 的用户"').runs.map((run) => run.text)).toEqual(['储备金']);
    expect(parseQuery('"储备金" "Bitget 的用户"').phrases.map((phrase) => phrase.words)).toEqual([
      ['bitget', '的', '用户'],
    ]);
    expect(runFinder('储备金证')('发布储备金证明')).toBe(true);
    expect(runFinder('储备金')('储备资产和金管局')).toBe(false);
    expect(runFinder('カタカナ')('これはｶﾀｶﾅです')).toBe(true);
    expect(runFinder('人民')('⼈民币')).toBe(true);
    expect(runFinder('储备金')('储\u0301备金')).toBe(true);
    expect(runFinder('储备金')('储备 金')).toBe(false);
  });
});

describe('function words and spellings', () => {
  it('leaves function words typed among other words out of what must match', () => {
    const parsed = parseQuery('why did they move to dubai ');
    expect(parsed.terms.map((term) => term.folded)).toEqual(['move', 'dubai']);
    expect(parsed.ignoredWords).toEqual(['why', 'did', 'they', 'to']);
    expect(parsed.ignoredBetween).toBe(1);
  });

  it('keeps them when nothing else is typed, in quotes, and while the last one is typed', () => {
    expect(parseQuery('the who ').terms.map((term) => term.folded)).toEqual(['the', 'who']);
    expect(parseQuery('"proof of work" mining ').terms.map((term) => term.folded)).toEqual([
      'proof',
      'of',
      'work',
      'mining',
    ]);
    expect(parseQuery('custody and').terms.map((term) => term.folded)).toEqual(['custody', 'and']);
  });

  it('indexes British spellings under the American ones', () => {
    for (const [british, american] of [
      ['colour', 'color'],
      ['behaviour', 'behavior'],
      ['organisation', 'organization'],
      ['tokenised', 'tokenized'],
      ['analysed', 'analyzed'],
      ['centre', 'center'],
      ['licence', 'license'],
    ]) {
      expect(stem(british)).toBe(stem(american));
    }
    for (const word of ['four', 'hour', 'your', 'tour', 'this']) expect(stem(word)).toBe(word);
  });
});
